package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.HoldingForwarder;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestTls;

/**
 * The daemon in-process against a real Pebble and a real backend: first start with empty
 * storage, HTTP/2 and HTTP/1.1 through the reverse proxy, the plain-HTTP port, and twenty
 * renewals swapped in under steady keep-alive load.
 */
@EndToEnd
@ServesHttps
class DaemonEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final String DOMAIN = "daemon1.example.test";

    @TempDir
    Path work;

    private final int httpsPort = FreePort.pick();

    private Daemon daemon(URI acmeDirectory, int backendPort) throws Exception {
        // acmeDirectory may lead to Pebble through a forwarder.
        Path config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor(DOMAIN, work.resolve("storage"), acmeDirectory)
                + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                "https.backend=http://127.0.0.1:" + backendPort,
                "server.drain-timeout=2s"));
        return new Wiring(new SettingsLoader(Map.of()).load(config), Clock.systemUTC()).daemon();
    }

    @Test
    void firstStartServesSelfSignedAtOnceThenThePebbleChainWithoutRestart() throws Exception {
        URI direct = CA.pebble().directory();
        try (var backend = TestBackend.start(0); var heldCa = HoldingForwarder.to(direct.getPort())) {
            Daemon daemon = daemon(URI.create("https://127.0.0.1:" + heldCa.port() + direct.getPath()), backend.port());
            Future<RenewalResult> firstRenewal = daemon.start();
            try {
                X509Certificate[] bootstrap = servedChain();
                assertThat(bootstrap).hasSize(1);
                assertThat(bootstrap[0].getSubjectX500Principal()).isEqualTo(bootstrap[0].getIssuerX500Principal());
                assertThat(get(HttpClient.Version.HTTP_2, "/").body()).isEqualTo(TestBackend.HELLO);

                heldCa.release();
                var renewed = (RenewalResult.Renewed) firstRenewal.get(60, TimeUnit.SECONDS);

                X509Certificate[] issued = servedChain();
                assertThat(issued).hasSizeGreaterThanOrEqualTo(2);
                assertThat(issued[0].getSerialNumber()).isEqualTo(new BigInteger(renewed.certificate().serial(), 16));
                assertThat(issued[1].getSubjectX500Principal().getName()).contains("Pebble");
            } finally {
                daemon.stop();
            }
        }
    }

    @Test
    void speaksHttp2AndHttp11ThroughTheProxyAndTheHttpPortAnswersChallengesAndRedirects() throws Exception {
        try (var backend = TestBackend.start(0)) {
            Daemon daemon = daemon(CA.pebble().directory(), backend.port());
            daemon.start().get(60, TimeUnit.SECONDS);
            try {
                HttpResponse<String> h2 = get(HttpClient.Version.HTTP_2, "/headers");
                assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(h2.body()).contains("x-forwarded-proto: https", "x-forwarded-for: 127.0.0.1");
                HttpResponse<String> h1 = get(HttpClient.Version.HTTP_1_1, "/");
                assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(h1.body()).isEqualTo(TestBackend.HELLO);

                HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                String http = "http://127.0.0.1:" + CA.pebble().validationPort();
                HttpResponse<String> redirect = plain.send(HttpRequest.newBuilder(URI.create(http + "/page?x=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(redirect.statusCode()).isEqualTo(301);
                assertThat(redirect.headers().firstValue("location"))
                        .contains("https://" + DOMAIN + ":" + httpsPort + "/page?x=1");
                assertThat(plain.send(HttpRequest.newBuilder(URI.create(http + "/.well-known/acme-challenge/nope"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            } finally {
                daemon.stop();
            }
        }
    }

    /**
     * Sixteen keep-alive HTTP/1.1 connections and two HTTP/2 clients send requests without pause
     * while the daemon renews twenty times in a row through Pebble; every request must succeed,
     * every HTTP/1.1 connection must stay the one it opened, and after each swap a fresh
     * handshake must get the new serial.
     */
    @Test
    void twentySwapsUnderSteadyLoadFailNoRequestAndDropNoConnection() throws Exception {
        int connections = 16;
        int swaps = 20;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        try (var backend = TestBackend.start(0)) {
            Daemon daemon = daemon(CA.pebble().directory(), backend.port());
            daemon.start().get(60, TimeUnit.SECONDS);
            var running = new AtomicBoolean(true);
            var succeeded = new AtomicInteger();
            var failures = new ArrayList<String>();
            ExecutorService clients = Executors.newFixedThreadPool(connections + 2);
            var loads = new ArrayList<Future<?>>();
            try {
                for (int i = 0; i < connections; i++) {
                    loads.add(clients.submit(() -> keepAliveClient(running, deadline, succeeded, failures)));
                }
                for (int i = 0; i < 2; i++) {
                    loads.add(clients.submit(() -> http2Client(running, deadline, succeeded, failures)));
                }
                var servedSerials = new ArrayList<BigInteger>();
                for (int swap = 0; swap < swaps && Instant.now().isBefore(deadline); swap++) {
                    int before = succeeded.get();
                    var renewed = (RenewalResult.Renewed) daemon.renewInBackground(true).get(60, TimeUnit.SECONDS);

                    BigInteger expected = new BigInteger(renewed.certificate().serial(), 16);
                    assertThat(TestTls.servedSerial(httpsPort)).isEqualTo(expected);
                    servedSerials.add(expected);
                    awaitProgress(succeeded, before, deadline);
                }
                running.set(false);
                for (Future<?> load : loads) {
                    load.get(30, TimeUnit.SECONDS);
                }

                assertThat(servedSerials).hasSize(swaps).doesNotHaveDuplicates();
                synchronized (failures) {
                    assertThat(failures).isEmpty();
                }
                assertThat(succeeded.get()).isGreaterThan(swaps * connections);
            } finally {
                running.set(false);
                clients.shutdownNow();
                daemon.stop();
            }
        }
    }

    /** Waits until the clients got further since {@code before}, so every swap happens under load. */
    private static void awaitProgress(AtomicInteger succeeded, int before, Instant deadline) throws InterruptedException {
        while (succeeded.get() < before + 20 && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
    }

    /** One TLS connection for its whole life: any error or close by the server is a failure. */
    private void keepAliveClient(AtomicBoolean running, Instant deadline, AtomicInteger succeeded,
            List<String> failures) {
        try (SSLSocket socket = TestTls.connect(httpsPort, List.of("http/1.1"))) {
            OutputStream out = socket.getOutputStream();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            while (running.get() && Instant.now().isBefore(deadline)) {
                out.write(("GET / HTTP/1.1\r\nHost: " + DOMAIN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = in.readLine();
                int length = -1;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                char[] body = new char[Math.max(length, 0)];
                int read = 0;
                while (read < body.length) {
                    int n = in.read(body, read, body.length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                if (status == null || !status.startsWith("HTTP/1.1 200") || !new String(body).equals(TestBackend.HELLO)) {
                    fail(failures, "keep-alive connection got " + status + " / " + new String(body, 0, read));
                    return;
                }
                succeeded.incrementAndGet();
            }
        } catch (IOException e) {
            fail(failures, "keep-alive connection broke: " + e);
        }
    }

    private void http2Client(AtomicBoolean running, Instant deadline, AtomicInteger succeeded, List<String> failures) {
        HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything())
                .version(HttpClient.Version.HTTP_2).build();
        var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/")).build();
        while (running.get() && Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || response.version() != HttpClient.Version.HTTP_2) {
                    fail(failures, "HTTP/2 request got " + response.statusCode() + " over " + response.version());
                    return;
                }
                succeeded.incrementAndGet();
            } catch (IOException e) {
                fail(failures, "HTTP/2 request failed: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void fail(List<String> failures, String failure) {
        synchronized (failures) {
            failures.add(failure);
        }
    }

    private X509Certificate[] servedChain() throws IOException {
        try (SSLSocket socket = TestTls.connect(httpsPort, List.of())) {
            return (X509Certificate[]) socket.getSession().getPeerCertificates();
        }
    }

    private HttpResponse<String> get(HttpClient.Version version, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).version(version).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
