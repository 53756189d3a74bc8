package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.jr.ob.JSON;

import io.hotcert.app.Wiring;
import io.hotcert.config.SettingsLoader;
import io.hotcert.daemon.Daemon;
import io.hotcert.testing.Await;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.HoldingForwarder;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestTls;

/**
 * SIGHUP's configuration reload in the daemon in-process, through {@link Daemon#reload()}, the
 * entry point the signal handler calls: new HTTPS content without dropping a connection, a bad
 * file that changes nothing, a restart-only key that says so, and other names that get a new
 * certificate without a restart.
 */
@EndToEnd
@ServesHttps
class ConfigReloadEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final String DOMAIN = "reload1.example.test";
    private static final Duration RENEWAL = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final int httpsPort = FreePort.pick();

    private Path config() {
        return work.resolve("hotcert.properties");
    }

    private Path site(String name, String page) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("page.txt"), page);
        return dir;
    }

    private void configure(String domains, String... lines) throws IOException {
        configure(CA.pebble().directory(), domains, lines);
    }

    private void configure(URI acmeDirectory, String domains, String... lines) throws IOException {
        Files.writeString(config(), CA.pebble().configFor(domains, work.resolve("storage"), acmeDirectory)
                + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                "server.drain-timeout=1s",
                String.join("\n", lines)));
    }

    /** A daemon serving the directory "old", after its first certificate from Pebble. */
    private Daemon servingOldContent() throws Exception {
        configure(DOMAIN, "https.static-dir=" + site("old", "old content"));
        Daemon daemon = new Wiring(new SettingsLoader(Map.of()).load(config()), Clock.systemUTC()).daemon();
        daemon.start().get(RENEWAL.toSeconds(), TimeUnit.SECONDS);
        return daemon;
    }

    @Test
    void newStaticDirIsServedWhileConnectionsOpenedBeforeStayOpenAndSeeItOnTheirNextRequest() throws Exception {
        Daemon daemon = servingOldContent();
        try (var forwarder = HoldingForwarder.to(httpsPort);
                SSLSocket keptAlive = TestTls.connect(httpsPort, List.of("http/1.1"))) {
            forwarder.release();
            HttpClient h2 = HttpClient.newBuilder().sslContext(TestTls.trustingEverything())
                    .version(HttpClient.Version.HTTP_2).build();
            var h2Request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + forwarder.port() + "/page.txt"))
                    .build();
            assertThat(get(keptAlive)).isEqualTo("old content");
            HttpResponse<String> before = h2.send(h2Request, HttpResponse.BodyHandlers.ofString());
            assertThat(before.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(before.body()).isEqualTo("old content");

            configure(DOMAIN, "https.static-dir=" + site("new", "new content"));
            daemon.reload();

            assertThat(get(keptAlive)).as("the keep-alive connection opened before").isEqualTo("new content");
            HttpResponse<String> after = h2.send(h2Request, HttpResponse.BodyHandlers.ofString());
            assertThat(after.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(after.body()).as("the HTTP/2 connection opened before").isEqualTo("new content");
            assertThat(forwarder.accepted()).as("HTTP/2 connections opened: the first was never dropped").isEqualTo(1);
            assertThat(pageOnANewConnection()).isEqualTo("new content");
        } finally {
            daemon.stop();
        }
    }

    /**
     * A reload that leaves the backend as it was keeps the proxy's pool of backend connections.
     * Each reload used to build a new pool and leave the old one's connections open until they
     * idled out: under a SIGHUP every 2 s, about 980 backend connections at once.
     */
    @Test
    void reloadsThatKeepTheBackendKeepItsConnections() throws Exception {
        try (var backend = TestBackend.start(0)) {
            configure(DOMAIN, "https.backend=http://127.0.0.1:" + backend.port());
            Daemon daemon = new Wiring(new SettingsLoader(Map.of()).load(config()), Clock.systemUTC()).daemon();
            daemon.start().get(RENEWAL.toSeconds(), TimeUnit.SECONDS);
            try (SSLSocket keptAlive = TestTls.connect(httpsPort, List.of("http/1.1"))) {
                assertThat(get(keptAlive)).isEqualTo(TestBackend.HELLO);
                for (int reload = 0; reload < 4; reload++) {
                    daemon.reload();
                    assertThat(get(keptAlive)).isEqualTo(TestBackend.HELLO);
                }
                assertThat(backend.connectionsSeen()).as("backend connections for 5 requests, 4 reloads between them")
                        .isEqualTo(1);
            } finally {
                daemon.stop();
            }
        }
    }

    @Test
    void aFileWithProblemsKeepsTheRunningConfigurationAndNamesEveryProblem() throws Exception {
        Daemon daemon = servingOldContent();
        try (var logs = new CapturedLogs()) {
            configure(DOMAIN, "https.static-dir=" + work.resolve("missing"), "key.type=rsa-1000");
            daemon.reload();

            assertThat(logs.text()).contains("configuration not reloaded", config().toString(), "2 problems",
                    "https.static-dir", "key.type");
            assertThat(logs.text()).as("live/ is read again all the same").contains("HTTPS serves reloaded live set");
            assertThat(pageOnANewConnection()).isEqualTo("old content");
        } finally {
            daemon.stop();
        }
    }

    @Test
    void aRestartOnlyKeySaysItNeedsARestartWhileTheRestTakesEffectAndStatusTellsWhenItWasRead() throws Exception {
        Daemon daemon = servingOldContent();
        try (var logs = new CapturedLogs()) {
            Map<String, Object> before = statusJson();
            configure(DOMAIN, "https.static-dir=" + site("new", "new content"), "server.worker-threads=3");
            daemon.reload();

            assertThat(logs.text()).contains("server.worker-threads changed: needs a restart; still 4, not 3",
                    "configuration reloaded from " + config());
            assertThat(pageOnANewConnection()).isEqualTo("new content");
            Map<String, Object> after = statusJson();
            assertThat(after).containsEntry("configFile", config().toString());
            assertThat(Instant.parse(after.get("configLoadedAt").toString()))
                    .isAfter(Instant.parse(before.get("configLoadedAt").toString()));
        } finally {
            daemon.stop();
        }
    }

    @Test
    void anotherNameMakesRenewalDueAndTheNewCertificateIsServedWithoutARestart() throws Exception {
        Daemon daemon = servingOldContent();
        try {
            configure(DOMAIN + ",reload2.example.test", "https.static-dir=" + work.resolve("old"));
            daemon.reload();

            Await.until("a certificate for both names served", RENEWAL, () -> servedNames().contains(
                    "reload2.example.test"));
            assertThat(servedNames()).containsExactlyInAnyOrder(DOMAIN, "reload2.example.test");
        } finally {
            daemon.stop();
        }
    }

    /** As after a restart with them: failures for the old names no longer hold a certificate for the new ones back. */
    @Test
    void otherNamesStartAFreshAttemptHistory() throws Exception {
        URI unreachable = URI.create("https://127.0.0.1:" + FreePort.pick() + "/dir");
        configure(unreachable, DOMAIN, "https.static-dir=" + site("old", "old content"));
        Daemon daemon = new Wiring(new SettingsLoader(Map.of()).load(config()), Clock.systemUTC()).daemon();
        try {
            assertThatThrownBy(() -> daemon.start().get(RENEWAL.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            configure(unreachable, DOMAIN + ",reload2.example.test", "https.static-dir=" + work.resolve("old"));
            try (var logs = new CapturedLogs()) {
                daemon.reload();

                Await.until("the check after the reload", RENEWAL, () -> logs.text().contains("renewal failed")
                        || logs.text().contains("failed attempt(s)"));
                assertThat(logs.text()).as("the first failure was for other names").doesNotContain("failed attempt(s)");
            }
            assertThat(Files.readString(work.resolve("storage/state/renewal.json")))
                    .contains("names " + DOMAIN + ",reload2.example.test");
        } finally {
            daemon.stop();
        }
    }

    private Map<String, Object> statusJson() throws IOException {
        Cli.Result status = Cli.run("--config", config().toString(), "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        return JSON.std.mapFrom(status.out());
    }

    private List<String> servedNames() {
        try (SSLSocket socket = TestTls.connect(httpsPort, List.of())) {
            var leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return leaf.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList();
        } catch (IOException | CertificateParsingException e) {
            return List.of();
        }
    }

    private String pageOnANewConnection() throws IOException {
        try (SSLSocket connection = TestTls.connect(httpsPort, List.of("http/1.1"))) {
            return get(connection);
        }
    }

    /** GET /page.txt on a connection that stays open: the body, by its Content-Length. */
    private static String get(SSLSocket connection) throws IOException {
        connection.getOutputStream().write(("GET /page.txt HTTP/1.1\r\nHost: " + DOMAIN + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        connection.getOutputStream().flush();
        var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
        String status = in.readLine();
        assertThat(status).startsWith("HTTP/1.1 200");
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            assertThat(n).as("the connection closed mid-body").isPositive();
            read += n;
        }
        return new String(body);
    }
}
