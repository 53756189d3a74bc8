package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.app.Wiring;
import io.hotcert.config.SettingsLoader;
import io.hotcert.daemon.Daemon;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.MutableClock;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestTls;
import io.hotcert.testing.TlsPass;
import io.hotcert.tls.TlsEngine;

/**
 * The daemon in-process against a real Pebble with metrics on: after a real renewal, a reload and
 * a few HTTPS requests, {@code /metrics} says what happened. Off unless a port is configured; a
 * bad port is a configuration error.
 */
@EndToEnd
@ServesHttps
class MetricsEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final String DOMAIN = "metrics.example.test";

    @TempDir
    Path work;

    private final int httpsPort = FreePort.pick();
    private final int metricsPort = FreePort.pick();

    @Test
    void afterARenewalAReloadAndSomeRequestsTheScrapeSaysSo() throws Exception {
        Daemon daemon = daemon(CA.pebble().directory(), "metrics.port=" + metricsPort);
        String startLog;
        try (var logs = new CapturedLogs()) {
            var renewed = (RenewalResult.Renewed) daemon.start().get(60, TimeUnit.SECONDS);
            startLog = logs.text();
            assertThat(renewed.certificate().names()).containsExactly(DOMAIN);
        }
        try {
            daemon.reload();
            for (int i = 0; i < 3; i++) {
                assertThat(https("/").statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(https("/missing").statusCode()).isEqualTo(404);
            }

            HttpResponse<String> scrape = scrape("/metrics");

            assertThat(startLog).contains("Prometheus metrics on 127.0.0.1:" + metricsPort);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.body()).contains("# TYPE hotcert_renewals_total counter\n",
                    "# HELP hotcert_certificate_not_after_timestamp_seconds ");
            Map<String, Long> samples = samples(scrape.body());
            assertThat(samples.get("hotcert_certificate_not_after_timestamp_seconds"))
                    .isEqualTo(servedLeaf().getNotAfter().toInstant().getEpochSecond());
            assertThat(samples.get("hotcert_renewals_total")).isEqualTo(1);
            assertThat(samples.get("hotcert_certificate_swaps_total")).as("the renewal and the reload").isEqualTo(2);
            assertThat(samples.get("hotcert_last_renewal_success_timestamp_seconds"))
                    .isBetween(Instant.now().minusSeconds(120).getEpochSecond(), Instant.now().getEpochSecond());
            // Pebble's certificates last five years; 33% before the end is years away.
            assertThat(samples.get("hotcert_renewal_planned_timestamp_seconds"))
                    .isGreaterThan(Instant.now().plus(Duration.ofDays(365)).getEpochSecond());
            assertThat(samples.get("hotcert_clock_plausible")).isEqualTo(1);
            assertThat(samples.get("hotcert_clock_ahead_seconds")).isZero();
            assertThat(samples.get("hotcert_https_requests_total{code=\"2xx\"}")).isEqualTo(3);
            assertThat(samples.get("hotcert_https_requests_total{code=\"4xx\"}")).isEqualTo(2);
            assertThat(samples.get("hotcert_https_requests_total{code=\"5xx\"}")).isZero();
            assertThat(samples.get("hotcert_https_request_duration_seconds_count")).isEqualTo(5);
            assertThat(samples.get("hotcert_https_request_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(5);
            assertThat(samples.get("hotcert_https_request_duration_seconds_bucket{le=\"10.0\"}")).isEqualTo(5);
            assertThat(samples.get("hotcert_backend_duration_seconds_count")).as("no backend: static files").isZero();
            assertThat(samples).containsKey("hotcert_connections_open{listener=\"https\"}")
                    .containsEntry("hotcert_connections_refused_total{listener=\"https\",limit=\"per_address\"}", 0L)
                    .containsEntry("hotcert_connections_refused_total{listener=\"https\",limit=\"handshake_deadline\"}",
                            0L)
                    .containsEntry("hotcert_connections_refused_total{listener=\"https\",limit=\"backend_wait\"}", 0L);
            assertThat(samples.keySet()).anyMatch(key -> key.matches("hotcert_build_info\\{version=\"[^\"]+\",revision=\"[^\"]+\"}"));
            assertThat(samples.get("process_resident_memory_bytes")).isPositive();
            assertThat(samples.get("process_open_fds")).isPositive();
            assertThat(samples.get("process_start_time_seconds")).isBetween(Instant.now().minusSeconds(3600)
                    .getEpochSecond(), Instant.now().getEpochSecond());
            assertThat(samples.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
            assertThat(samples.get("jvm_threads_current")).isPositive();
            assertThat(samples.keySet()).anyMatch(key -> key.startsWith("jvm_gc_collection_seconds_count{gc=\""));
            assertThat(samples).containsEntry("hotcert_renewal_failures_total{reason=\"validation\"}", 0L)
                    .containsEntry("hotcert_renewal_failures_total{reason=\"internal\"}", 0L);
            TlsEngine expected = TlsPass.expectedEngine();
            for (TlsEngine engine : TlsEngine.values()) {
                assertThat(samples).containsEntry("hotcert_tls_engine{engine=\"" + engine + "\"}",
                        engine == expected ? 1L : 0L);
            }
            assertThat(scrape("/other").statusCode()).isEqualTo(404);
        } finally {
            daemon.stop();
        }
    }

    /** The renewal window comes from the file as reloaded, as the renewals' own does. */
    @Test
    void aReloadWithAnotherRenewalWindowMovesThePlannedRenewal() throws Exception {
        String metrics = "metrics.port=" + metricsPort;
        Daemon daemon = daemon(CA.pebble().directory(), metrics + "\nrenew.before-expiry=30d");
        try {
            daemon.start().get(60, TimeUnit.SECONDS);
            Instant notAfter = servedLeaf().getNotAfter().toInstant();
            long planned = samples(scrape("/metrics").body()).get("hotcert_renewal_planned_timestamp_seconds");

            configure(CA.pebble().directory(), metrics + "\nrenew.before-expiry=60d");
            daemon.reload();
            long replanned = samples(scrape("/metrics").body()).get("hotcert_renewal_planned_timestamp_seconds");

            // This installation's moment lies between the whole margin and three quarters of it before the end.
            assertThat(planned).as("30d before expiry").isBetween(epochSecondsBefore(notAfter, Duration.ofDays(30)),
                    epochSecondsBefore(notAfter, Duration.ofHours(540)));
            assertThat(replanned).as("60d before expiry, after the reload").isBetween(
                    epochSecondsBefore(notAfter, Duration.ofDays(60)), epochSecondsBefore(notAfter, Duration.ofDays(45)));
        } finally {
            daemon.stop();
        }
    }

    private static long epochSecondsBefore(Instant end, Duration margin) {
        return end.minus(margin).getEpochSecond();
    }

    @Test
    void aFailedRenewalIsCountedByTheStepThatFailed() throws Exception {
        URI unreachable = URI.create("https://127.0.0.1:" + FreePort.pick() + "/dir");
        Daemon daemon = daemon(unreachable, "metrics.port=" + metricsPort);
        try {
            assertThatThrownBy(() -> daemon.start().get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

            Map<String, Long> samples = samples(scrape("/metrics").body());

            assertThat(samples.get("hotcert_renewal_failures_total{reason=\"account\"}")).isEqualTo(1);
            assertThat(samples.entrySet().stream().filter(e -> e.getKey().startsWith("hotcert_renewal_failures_total"))
                    .mapToLong(Map.Entry::getValue).sum()).isEqualTo(1);
            assertThat(samples.get("hotcert_renewals_total")).isZero();
            assertThat(samples).doesNotContainKey("hotcert_last_renewal_success_timestamp_seconds");
            // The self-signed bootstrap certificate is what the listener serves.
            assertThat(samples.get("hotcert_certificate_not_after_timestamp_seconds"))
                    .isEqualTo(servedLeaf().getNotAfter().toInstant().getEpochSecond());
            assertThat(samples.get("hotcert_renewal_planned_timestamp_seconds")).as("due now: the scrape's time")
                    .isBetween(Instant.now().minusSeconds(120).getEpochSecond(), Instant.now().getEpochSecond());
        } finally {
            daemon.stop();
        }
    }

    /** The board's clock falls back to 1970 (no RTC, NTP not yet answering) while the daemon runs. */
    @Test
    void aClockIn1970ShowsAsImplausibleAndNoDueTime() throws Exception {
        // A stopped clock, a minute ahead so that the certificate Pebble issues meanwhile is valid by it.
        var clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(1)));
        Daemon daemon = daemon(CA.pebble().directory(), "metrics.port=" + metricsPort, clock);
        try {
            daemon.start().get(60, TimeUnit.SECONDS);
            clock.set(Instant.parse("1970-01-01T00:00:42Z"));

            Map<String, Long> samples = samples(scrape("/metrics").body());

            assertThat(samples.get("hotcert_clock_plausible")).isZero();
            assertThat(samples).doesNotContainKey("hotcert_renewal_planned_timestamp_seconds");
        } finally {
            daemon.stop();
        }
    }

    @Test
    void offUnlessAPortIsConfigured() throws Exception {
        Daemon daemon = daemon(CA.pebble().directory(), "");
        String startLog;
        try (var logs = new CapturedLogs()) {
            daemon.start().get(60, TimeUnit.SECONDS);
            startLog = logs.text();
        } finally {
            daemon.stop();
        }

        assertThat(startLog).contains("HTTP-01 challenges on ", "HTTPS on ").doesNotContain("Prometheus metrics");
    }

    @Test
    void aBadPortIsAConfigurationError() throws Exception {
        Path config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor(DOMAIN, work.resolve("storage")) + "https.port=0\nmetrics.port=9464x\n");

        var result = Cli.run("--config", config.toString(), "run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).contains("metrics.port: \"9464x\" is not a port number; expected an integer from 0"
                + " to 65535");
    }

    private Daemon daemon(URI acmeDirectory, String moreLines) throws Exception {
        return daemon(acmeDirectory, moreLines, Clock.systemUTC());
    }

    private Daemon daemon(URI acmeDirectory, String moreLines, Clock clock) throws Exception {
        return new Wiring(new SettingsLoader(Map.of()).load(configure(acmeDirectory, moreLines)), clock).daemon();
    }

    /** Writes the configuration file, the first time or again for a reload. */
    private Path configure(URI acmeDirectory, String moreLines) throws IOException {
        Path site = Files.createDirectories(work.resolve("www"));
        Files.writeString(site.resolve("index.html"), "<p>metrics test</p>\n");
        return Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor(DOMAIN, work.resolve("storage"), acmeDirectory)
                + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                "https.static-dir=" + site,
                "server.drain-timeout=1s",
                moreLines,
                ""));
    }

    private HttpResponse<String> https(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> scrape(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private X509Certificate servedLeaf() throws IOException {
        try (SSLSocket socket = TestTls.connect(httpsPort, List.of())) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Each sample line of the text format, by its name and labels; a sum of seconds loses its fraction. */
    private static Map<String, Long> samples(String text) {
        var samples = new HashMap<String, Long>();
        text.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), (long) Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }
}
