package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.hotcert.testing.FreshValidation;
import io.hotcert.testing.HoldingForwarder;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestTls;

/**
 * TLS-ALPN-01 against a real Pebble, with no HTTP-01 responder anywhere (http.port=0, as on a
 * board with only 443 forwarded): Pebble validates on the daemon's HTTPS listener while normal
 * clients use it, and a one-shot renew answers on https.port for the order only.
 */
@EndToEnd
@ServesHttps
class TlsAlpnEndToEndTest {

    /** hotcert's https.port and where Pebble validates TLS-ALPN-01. */
    private static final int HTTPS_PORT = FreePort.pick();

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of("PEBBLE_TLS_PORT", Integer.toString(HTTPS_PORT)));

    /** Bounds on the load: requests per client, and the whole test. */
    private static final int REQUESTS_PER_CLIENT = 2_000;
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    /** Pebble's lines without its HTTP-01 port: nothing answers on port 80 here. */
    private Path config(String domain, String... lines) throws IOException {
        String pebble = CA.pebble().configFor(domain, work.resolve("storage"))
                .replace("http.port=" + CA.pebble().validationPort(), "http.port=0");
        return Files.writeString(work.resolve("hotcert.properties"), pebble + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + HTTPS_PORT,
                "server.drain-timeout=2s",
                String.join("\n", lines), ""));
    }

    /**
     * The first certificate, then two forced renewals, all through TLS-ALPN-01 on the running
     * listener (tls-alpn-01 by default: the HTTP listener is off, HTTPS on), while HTTP/2 and
     * HTTP/1.1 clients send requests through it; none may fail, and each new certificate is served.
     */
    @Test
    void theDaemonsListenerAnswersTheCaWhileClientsSeeNoFailure() throws Exception {
        URI direct = CA.pebble().directory();
        try (var backend = TestBackend.start(0); var heldCa = HoldingForwarder.to(direct.getPort());
                var logs = new CapturedLogs()) {
            String heldDirectory = "https://127.0.0.1:" + heldCa.port() + direct.getPath();
            Path config = config("alpn1.example.test", "https.backend=http://127.0.0.1:" + backend.port());
            Files.writeString(config, Files.readString(config).replace(direct.toString(), heldDirectory));
            Daemon daemon = new Wiring(new SettingsLoader(Map.of()).load(config), Clock.systemUTC()).daemon();
            Future<RenewalResult> first = daemon.start();
            var load = new Load(HTTPS_PORT);
            try {
                load.start();
                load.awaitRequests(50);
                heldCa.release();
                var renewals = new ArrayList<RenewalResult.Renewed>();
                renewals.add((RenewalResult.Renewed) first.get(60, TimeUnit.SECONDS));
                for (int i = 0; i < 2; i++) {
                    int before = load.succeeded();
                    renewals.add(FreshValidation.retryWhileReused(logs,
                            () -> (RenewalResult.Renewed) daemon.renewInBackground(true).get(60, TimeUnit.SECONDS)));
                    assertThat(TestTls.servedSerial(HTTPS_PORT))
                            .isEqualTo(new BigInteger(renewals.get(i + 1).certificate().serial(), 16));
                    load.awaitRequests(before + 50);
                }
                List<String> failures = load.stop();

                assertThat(failures).isEmpty();
                assertThat(load.succeeded()).isGreaterThan(150);
                System.out.println("load through three TLS-ALPN-01 issuances: " + load.succeeded() + " requests, "
                        + failures.size() + " failed");
                assertThat(logs.text().lines()).filteredOn(line -> line.contains("validated (tls-alpn-01)")).hasSize(3);
                assertThat(logs.text()).doesNotContain("validated (http-01)");
                assertThat(logs.errors()).as("the CA closes after the handshake, as RFC 8737 has it").isEmpty();
                X509Certificate served = served();
                assertThat(served.getSerialNumber())
                        .isEqualTo(new BigInteger(renewals.get(2).certificate().serial(), 16));
                assertThat(served.getIssuerX500Principal().getName()).contains("Pebble");
            } finally {
                load.stop();
                daemon.stop();
            }
        }
    }

    /**
     * Without a daemon, renew answers on https.port while the order is in flight and closes it
     * after. Also measures one issuance by each challenge in one run, printed for the report.
     */
    @Test
    void aOneShotRenewAnswersOnTheHttpsPortForTheOrderOnly() throws Exception {
        Path config = config("alpn2.example.test", "https.static-dir=" + Files.createDirectories(work.resolve("www")),
                "acme.challenges=tls-alpn-01");

        var result = Cli.run("--config", config.toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("renewed (no certificate yet)");
        assertThat(work.resolve("storage/live/cert.pem")).exists();
        assertThatThrownBy(() -> new Socket("127.0.0.1", HTTPS_PORT).close()).isInstanceOf(ConnectException.class);

        String alpn = Files.readString(config);
        String http = alpn.replace("http.port=0", "http.port=" + CA.pebble().validationPort())
                .replace("acme.challenges=tls-alpn-01", "acme.challenges=http-01");
        for (int round = 0; round < 3; round++) {
            for (String[] challenge : List.of(new String[] {"http-01", http}, new String[] {"tls-alpn-01", alpn})) {
                Files.writeString(config, challenge[1]);
                long start = System.nanoTime();
                var forced = Cli.run("--config", config.toString(), "renew", "--force");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(forced.exitCode()).as(forced.toString()).isZero();
                System.out.println("issuance via " + challenge[0] + " (in-process renew --force, round " + round
                        + "): " + millis + " ms");
            }
        }
    }

    private static X509Certificate served() throws IOException {
        try (SSLSocket socket = TestTls.connect(HTTPS_PORT, List.of("h2", "http/1.1"))) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Two HTTP/2 and two HTTP/1.1 clients sending GETs, each bounded in count and time. */
    private static final class Load {
        private final URI uri;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger succeeded = new AtomicInteger();
        private final List<String> failures = new ArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final long deadline = System.nanoTime() + LOAD_LIMIT.toNanos();

        Load(int port) {
            this.uri = URI.create("https://127.0.0.1:" + port + "/");
        }

        void start() {
            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_2,
                    HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_1_1)) {
                threads.submit(() -> run(version));
            }
        }

        private void run(HttpClient.Version version) {
            HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).version(version)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < REQUESTS_PER_CLIENT && running.get() && System.nanoTime() < deadline; i++) {
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || !response.body().equals(TestBackend.HELLO)) {
                        fail(version + " got " + response.statusCode() + ": " + response.body());
                        return;
                    }
                    succeeded.incrementAndGet();
                } catch (IOException e) {
                    fail(version + " failed: " + e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void fail(String failure) {
            synchronized (failures) {
                failures.add(failure);
            }
        }

        int succeeded() {
            return succeeded.get();
        }

        /** Until {@code count} requests succeeded in all, a client failed, or the load's time is up. */
        void awaitRequests(int count) throws InterruptedException {
            while (succeeded.get() < count && System.nanoTime() < deadline) {
                synchronized (failures) {
                    if (!failures.isEmpty()) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }

        List<String> stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
            synchronized (failures) {
                return List.copyOf(failures);
            }
        }
    }
}
