package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import io.hotcert.config.AccessLog;
import io.hotcert.config.HttpsOptions;
import io.hotcert.config.ListenAddress;
import io.hotcert.config.TlsEngineChoice;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.KeyType;
import io.hotcert.testing.Await;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TestServers;
import io.hotcert.testing.TestTls;
import io.hotcert.tls.SwappableKeyManager;
import io.hotcert.tls.TlsEngineSelector;
import io.undertow.server.HttpHandler;

/** HSTS and the access log on the HTTPS listener, in front of static files and of the reverse proxy. */
@ParameterizedClass
@ValueSource(strings = {"static", "proxy"})
class HttpsResponsesTest {

    @Parameter
    private String mode;

    @TempDir
    Path files;

    private final int port = FreePort.pick();
    private final HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything()).build();
    private TestBackend backend;
    private WebServer server;

    @BeforeEach
    void content() throws Exception {
        Files.writeString(files.resolve("index.html"), TestBackend.HELLO);
        backend = TestBackend.start(0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    private void start(HttpsOptions options) throws Exception {
        HttpHandler content = mode.equals("static") ? StaticFiles.from(files)
                : BackendProxyTest.proxyTo(URI.create("http://127.0.0.1:" + backend.port()), Duration.ofSeconds(60));
        var keyManager = new SwappableKeyManager();
        var key = new KeyPairFactory().generate(KeyType.EC_P256);
        TestCa ca = TestCa.root("Root");
        keyManager.install(new CertificateSet(key.getPrivate(), List.of(ca.leaf(key.getPublic(),
                List.of("board1.example.test")), ca.certificate())));
        server = WebServer.start(TestServers.LIMITS, List.of(Endpoint.https("HTTPS", new ListenAddress("127.0.0.1", port),
                HttpsResponses.around(options, content), new TlsEngineSelector().select(TlsEngineChoice.JDK, keyManager))));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void hstsIsOnEveryResponseWithItsMaxAgeInSeconds() throws Exception {
        start(new HttpsOptions(Optional.of(Duration.ofDays(365)), AccessLog.OFF));

        HttpResponse<String> found = get("/");
        assertThat(found.body()).isEqualTo(TestBackend.HELLO);
        assertThat(found.headers().allValues("strict-transport-security")).containsExactly("max-age=31536000");
        assertThat(get("/no/such/file").headers().allValues("strict-transport-security"))
                .as("another path (a 404 from the files)").containsExactly("max-age=31536000");
    }

    @Test
    void withoutHstsThereIsNoHeaderAndNoAccessLog() throws Exception {
        start(new HttpsOptions(Optional.empty(), AccessLog.OFF));
        try (var logs = new CapturedLogs()) {
            HttpResponse<String> response = get("/?token=secret");

            assertThat(response.body()).isEqualTo(TestBackend.HELLO);
            assertThat(response.headers().firstValue("strict-transport-security")).isEmpty();
            assertThat(logs.text()).doesNotContain("\"GET ");
        }
    }

    @Test
    void theAccessLogHasALinePerRequestWithoutTheQueryString() throws Exception {
        start(new HttpsOptions(Optional.empty(), AccessLog.JOURNAL));
        try (var logs = new CapturedLogs()) {
            get("/?token=secret");
            get("/missing%0Aforged");

            // The line is written when the exchange completes, which may be just after the client has its answer.
            Await.until("two access log lines", Duration.ofSeconds(10),
                    () -> logs.text().lines().filter(line -> line.contains("\"GET /")).count() == 2);
            assertThat(logs.text()).containsPattern("127\\.0\\.0\\.1 \"GET / HTTP/(1\\.1|2\\.0)\" 200 "
                    + TestBackend.HELLO.length() + " bytes \\d+ ms")
                    .containsPattern("127\\.0\\.0\\.1 \"GET /missing%0Aforged HTTP/(1\\.1|2\\.0)\" \\d{3} ")
                    .doesNotContain("secret");
        }
    }
}
