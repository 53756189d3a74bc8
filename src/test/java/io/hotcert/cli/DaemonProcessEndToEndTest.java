package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.CertificateStore;
import io.hotcert.testing.Await;
import io.hotcert.testing.DaemonProcess;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.Loopback;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TestTls;

/**
 * {@code hotcert run} as its own process, with real signals: SIGHUP after {@code live/} was
 * replaced by hand, a mismatched set refused on SIGHUP, and SIGTERM letting a request in
 * flight finish before the process exits 0.
 */
@EndToEnd
@ServesHttps
class DaemonProcessEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final String DOMAIN = "process1.example.test";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final int httpsPort = FreePort.pick();
    private final KeyPairFactory keys = new KeyPairFactory();

    private DaemonProcess start(int backendPort) throws IOException, InterruptedException {
        return start(backendPort, false);
    }

    private DaemonProcess start(int backendPort, boolean ignoringHangup) throws IOException, InterruptedException {
        Path config = configure("https.backend=http://127.0.0.1:" + backendPort);
        Path log = work.resolve("daemon.log");
        var daemon = ignoringHangup ? DaemonProcess.runIgnoringHangup(config, log) : DaemonProcess.run(config, log);
        daemon.awaitLog("HTTPS serves renewed live set", STARTUP);
        return daemon;
    }

    /** @param content where HTTPS content comes from: https.backend or https.static-dir */
    private Path configure(String content) throws IOException {
        return Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor(DOMAIN, work.resolve("storage")) + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                content,
                "server.drain-timeout=10s"));
    }

    private CertificateStore store() {
        return new CertificateStore(work.resolve("storage"), new AtomicFiles(), Clock.systemUTC());
    }

    /** A set from a CA of the test's own, valid now: what an operator might put in place by hand. */
    private CertificateSet setByHand(TestCa ca, KeyPair certified, KeyPair privateKey) {
        X509Certificate leaf = ca.leaf(certified.getPublic(), List.of(DOMAIN), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(30)));
        return new CertificateSet(privateKey.getPrivate(), List.of(leaf, ca.certificate()));
    }

    @Test
    void sighupSwapsInALiveSetReplacedByHandAndRefusesAMismatchedOne() throws Exception {
        try (var backend = TestBackend.start(0); var daemon = start(backend.port())) {
            BigInteger issuedByPebble = TestTls.servedSerial(httpsPort);
            TestCa ca = TestCa.root("Operator Root").intermediate("Operator Intermediate");
            KeyPair key = keys.generate(KeyType.EC_P256);
            CertificateSet byHand = setByHand(ca, key, key);
            store().store(byHand);

            daemon.signal("HUP");
            daemon.awaitLog("HTTPS serves reloaded live set", Duration.ofSeconds(10));

            BigInteger afterHup = TestTls.servedSerial(httpsPort);
            assertThat(afterHup).isEqualTo(byHand.leaf().getSerialNumber()).isNotEqualTo(issuedByPebble);

            store().store(setByHand(ca, keys.generate(KeyType.EC_P256), keys.generate(KeyType.EC_P256)));
            daemon.signal("HUP");
            daemon.awaitLog("refused reloaded live set", Duration.ofSeconds(10));

            assertThat(daemon.log()).contains("the private key does not match the public key of the leaf certificate");
            assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(afterHup);
            assertThat(daemon.awaitExit(Duration.ZERO)).as("still running").isEmpty();
        }
    }

    @Test
    void renewForceReachesTheRunningDaemonWhichSwapsItsListenerAndTwoAtOnceNeverOverlap() throws Exception {
        try (var backend = TestBackend.start(0); var daemon = start(backend.port())) {
            BigInteger before = TestTls.servedSerial(httpsPort);
            String config = work.resolve("hotcert.properties").toString();

            var first = CompletableFuture.supplyAsync(() -> Cli.run("--config", config, "renew", "--force"));
            var second = CompletableFuture.supplyAsync(() -> Cli.run("--config", config, "renew", "--force"));
            List<Cli.Result> results = List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));

            for (Cli.Result result : results) {
                assertThat(result.exitCode()).as(result.toString()).isZero();
                assertThat(result.out()).contains("the running daemon (pid", "renewed (forced): serial ");
            }
            assertThat(results.get(0).out()).isNotEqualTo(results.get(1).out());
            BigInteger after = TestTls.servedSerial(httpsPort);
            assertThat(after).isNotEqualTo(before);
            assertThat(results.stream().map(Cli.Result::out))
                    .anyMatch(out -> out.contains("serial " + after.toString(16)));
            // One renewal at a time: every "renewing" is followed by its result before the next one starts.
            List<String> renewalLines = daemon.log().lines()
                    .filter(line -> line.contains("renewing: ") || line.contains("new certificate serial"))
                    .toList();
            assertThat(renewalLines).hasSize(6);
            for (int i = 0; i < renewalLines.size(); i += 2) {
                assertThat(renewalLines.get(i)).contains("renewing: ");
                assertThat(renewalLines.get(i + 1)).contains("new certificate serial");
            }
        }
    }

    @Test
    void sighupReadsTheConfigurationAgainAndServesTheNewContent() throws Exception {
        try (var backend = TestBackend.start(0); var daemon = start(backend.port())) {
            HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).build();
            var page = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/page.txt")).build();
            assertThat(client.send(page, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(TestBackend.HELLO);
            Path site = Files.createDirectories(work.resolve("site"));
            Files.writeString(site.resolve("page.txt"), "static content");
            configure("https.static-dir=" + site);

            daemon.signal("HUP");
            daemon.awaitLog("configuration reloaded from " + work.resolve("hotcert.properties"), Duration.ofSeconds(10));

            assertThat(client.send(page, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("static content");
        }
    }

    @Test
    void startedWithSighupIgnoredItSaysSoInsteadOfReloadingSilentlyNever() throws Exception {
        try (var backend = TestBackend.start(0); var daemon = start(backend.port(), true)) {
            daemon.awaitLog("SIGHUP was ignored when hotcert started (nohup?)", Duration.ofSeconds(10));
        }
    }

    @Test
    void sigtermLetsARequestInFlightFinishThenExitsZero() throws Exception {
        try (var backend = TestBackend.start(0); var daemon = start(backend.port())) {
            HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + httpsPort + "/held")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Await.until("the request reaching the backend", Duration.ofSeconds(20), () -> backend.heldRequests() == 1);

            daemon.signal("TERM");
            Await.until("the listener closed by the drain", Duration.ofSeconds(20), () -> !Loopback.accepts(httpsPort));
            assertThat(inFlight).as("the request in flight while the daemon drains").isNotDone();
            backend.releaseHeld();

            HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("held answer");
            assertThat(daemon.awaitExit(Duration.ofSeconds(20))).hasValue(0);
            assertThat(daemon.log()).contains("stopping: letting requests in flight finish", "stopped");
            assertThat(Loopback.accepts(httpsPort)).as("nothing listens after exit").isFalse();
        }
    }
}
