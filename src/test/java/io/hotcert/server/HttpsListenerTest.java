package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.hotcert.crypto.KeyType;
import io.hotcert.config.ListenAddress;
import io.hotcert.config.TlsEngineChoice;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TestServers;
import io.hotcert.testing.TestTls;
import io.hotcert.testing.TlsPass;
import io.hotcert.tls.ListenerTls;
import io.hotcert.tls.ServedCertificate;
import io.hotcert.tls.SwappableKeyManager;
import io.hotcert.tls.TlsEngineSelector;
import io.undertow.util.Headers;

/**
 * The HTTPS listener itself, on each TLS engine: protocols, ALPN, the chain it presents, swaps
 * under open connections and under a stream of handshakes, and refused sets.
 */
@ParameterizedClass
@EnumSource(value = TlsEngineChoice.class, names = {"OPENSSL", "JDK"})
class HttpsListenerTest {

    @Parameter
    private TlsEngineChoice engine;

    private final KeyPairFactory keys = new KeyPairFactory();
    private final TestCa intermediate = TestCa.root("Root").intermediate("Intermediate");
    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final int port = FreePort.pick();
    private WebServer server;

    private CertificateSet newSet(KeyType type) {
        KeyPair key = keys.generate(type);
        return new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(),
                List.of("board1.example.test")), intermediate.certificate()));
    }

    @BeforeEach
    void startListener() throws Exception {
        assumeFalse(engine == TlsEngineChoice.OPENSSL && TlsPass.nativeOff(),
                "the native library is off in this pass (" + TlsPass.NATIVE_OFF + "); the native pass runs this half");
        keyManager.install(newSet(KeyType.EC_P256));
        ListenerTls tls = new TlsEngineSelector().select(engine, keyManager);
        assertThat(tls.engine()).hasToString(engine.propertyValue());
        server = WebServer.start(TestServers.LIMITS, List.of(Endpoint.https("HTTPS", new ListenAddress("127.0.0.1", port),
                exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("ok " + exchange.getProtocol());
                }, tls)));
    }

    /** No server when the engine's half was skipped in this pass. */
    @AfterEach
    void stopListener() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void negotiatesHttp2ByAlpnAndStillSpeaksHttp11() throws Exception {
        try (SSLSocket h2 = TestTls.connect(port, List.of("h2", "http/1.1"))) {
            assertThat(h2.getApplicationProtocol()).isEqualTo("h2");
        }
        try (SSLSocket h1 = TestTls.connect(port, List.of("http/1.1"))) {
            assertThat(h1.getApplicationProtocol()).isEqualTo("http/1.1");
        }
        HttpClient client = HttpClient.newBuilder().sslContext(TestTls.trustingEverything())
                .version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo("ok HTTP/2.0");
    }

    @Test
    void servesTheFullChainOverTls13And12() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (var socket = (SSLSocket) TestTls.trustingEverything().getSocketFactory()
                    .createSocket("127.0.0.1", port)) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();

                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                assertThat(socket.getSession().getPeerCertificates()).hasSize(2);
                assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[1]))
                        .isEqualTo(intermediate.certificate());
            }
        }
    }

    @Test
    void refusesCipherSuitesWithoutForwardSecrecyOrAead() throws Exception {
        try (var socket = (SSLSocket) TestTls.trustingEverything().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});

            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void theServersOrderOfSuitesWinsOverTheClients() throws Exception {
        try (var socket = (SSLSocket) TestTls.trustingEverything().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
            SSLParameters preferOurs = socket.getSSLParameters();
            preferOurs.setUseCipherSuitesOrder(true);
            socket.setSSLParameters(preferOurs);
            socket.startHandshake();

            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
    }

    @Test
    void aSwapReachesNewHandshakesWhileAnOpenConnectionCarriesOn() throws Exception {
        try (SSLSocket open = TestTls.connect(port, List.of("http/1.1"))) {
            var before = (X509Certificate) open.getSession().getPeerCertificates()[0];
            assertThat(get(open)).isEqualTo("ok HTTP/1.1");

            CertificateSet next = newSet(KeyType.EC_P256);
            keyManager.install(next);

            assertThat(TestTls.servedSerial(port)).isEqualTo(((X509Certificate) next.leaf()).getSerialNumber())
                    .isNotEqualTo(before.getSerialNumber());
            assertThat(get(open)).isEqualTo("ok HTTP/1.1");
        }
    }

    @Test
    void aSwapToAnRsaKeyIsServedToo() throws Exception {
        CertificateSet rsa = newSet(KeyType.RSA_2048);
        keyManager.install(rsa);

        try (SSLSocket socket = TestTls.connect(port, List.of())) {
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(rsa.leaf());
        }
    }

    @Test
    void handshakesAcrossSwapsAllSucceedWithAMatchingKeyAndChain() throws Exception {
        List<CertificateSet> sets = List.of(newSet(KeyType.EC_P256), newSet(KeyType.RSA_2048), newSet(KeyType.EC_P384));
        var served = new ConcurrentLinkedQueue<BigInteger>();
        var errors = new ConcurrentLinkedQueue<Throwable>();
        int handshakesPerClient = 40;
        var clients = new ArrayList<Thread>();
        for (int client = 0; client < 2; client++) {
            var thread = new Thread(() -> {
                for (int i = 0; i < handshakesPerClient && errors.isEmpty(); i++) {
                    try {
                        // The client checks the server's signature against the leaf: a key from one set
                        // paired with another set's chain fails the handshake.
                        served.add(TestTls.servedSerial(port));
                    } catch (IOException e) {
                        errors.add(e);
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int swap = 0; clients.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline; swap++) {
            keyManager.install(sets.get(swap % sets.size()));
            // 100 swaps a second, a hundred times what a board ever sees, yet no faster than the key
            // manager keeps generations for a handshake descheduled between its alias and its key.
            Thread.sleep(10);
        }
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertThat(errors).isEmpty();
        assertThat(served).hasSize(2 * handshakesPerClient);
        assertThat(new HashSet<>(served)).as("serials seen across the swaps").hasSizeGreaterThan(1);
    }

    @Test
    void aRefusedSetLeavesTheServedOneOnTheWire() throws Exception {
        var servedCertificate = new ServedCertificate(keyManager, new ChainVerifier(Clock.systemUTC()));
        CertificateSet good = newSet(KeyType.EC_P256);
        servedCertificate.install(good, "a good set");
        CertificateSet other = newSet(KeyType.EC_P256);
        var mismatched = new CertificateSet(other.privateKey(), good.chain());

        assertThatThrownBy(() -> servedCertificate.install(mismatched, "a mismatched set"))
                .isInstanceOf(ChainException.class);
        assertThat(TestTls.servedSerial(port)).isEqualTo(((X509Certificate) good.leaf()).getSerialNumber());
    }

    /** One keep-alive HTTP/1.1 request on an open socket; the answer's body. */
    private static String get(SSLSocket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: board1.example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        int length = -1;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }

}
