package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.TlsEngineChoice;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TestServers;
import io.hotcert.testing.TestTls;
import io.hotcert.tls.AlpnValidations;
import io.hotcert.tls.ListenerTls;
import io.hotcert.tls.SwappableKeyManager;
import io.hotcert.tls.TlsEngine;
import io.hotcert.tls.TlsEngineSelector;

/**
 * TLS-ALPN-01 on the HTTPS listener: the CA's handshake (acme-tls/1 and a name in flight) gets the
 * validation certificate, every other handshake the served set and h2 or http/1.1 as before.
 */
class TlsAlpnListenerTest {

    private static final String NAME = "board1.example.test";

    private final AlpnValidations validations = new AlpnValidations();
    private final CertificateSet servedSet = TestCa.certificateSet(NAME);
    private final CertificateSet validation = TestCa.certificateSet(NAME);
    private final int port = FreePort.pick();
    private WebServer server;

    private void start(ListenerTls tls) throws IOException {
        server = WebServer.start(TestServers.LIMITS, List.of(Endpoint.https("HTTPS", new ListenAddress("127.0.0.1", port),
                exchange -> exchange.getResponseSender().send("ok"), tls)));
    }

    private void startServing() throws Exception {
        var keyManager = new SwappableKeyManager();
        keyManager.install(servedSet);
        ListenerTls tls = new TlsEngineSelector().select(TlsEngineChoice.AUTO, keyManager,
                Optional.of(validations));
        // The native engine has no per-handshake ALPN selector, so auto takes the JDK's here.
        assertThat(tls.engine()).isEqualTo(TlsEngine.JDK);
        start(tls);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** @param protocol the TLS version to insist on, or null for the client's default choice */
    private SSLSocket handshake(String serverName, List<String> alpn, String protocol) throws IOException {
        var socket = (SSLSocket) TestTls.trustingEverything().getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate leaf(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    @Test
    void theCasHandshakeGetsTheValidationCertificateAndOthersTheServedSet() throws Exception {
        startServing();
        validations.add(NAME, validation);

        try (SSLSocket ca = handshake(NAME, List.of(AlpnValidations.ACME_TLS_1), "TLSv1.3")) {
            assertThat(ca.getApplicationProtocol()).isEqualTo(AlpnValidations.ACME_TLS_1);
            assertThat(leaf(ca)).isEqualTo(validation.chain().get(0));
        }
        try (SSLSocket browser = handshake(NAME, List.of("h2", "http/1.1"), null)) {
            assertThat(browser.getApplicationProtocol()).isEqualTo("h2");
            assertThat(leaf(browser)).isEqualTo(servedSet.chain().get(0));
        }
        try (SSLSocket old = handshake(NAME, List.of("http/1.1"), null)) {
            assertThat(old.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(leaf(old)).isEqualTo(servedSet.chain().get(0));
        }
    }

    /** Under TLS 1.2 the JDK picks the certificate before the protocol: refused, never the served set on acme-tls/1. */
    @Test
    void acmeTls1OverTls12IsRefused() throws Exception {
        startServing();
        validations.add(NAME, validation);

        assertThatThrownBy(() -> handshake(NAME, List.of(AlpnValidations.ACME_TLS_1), "TLSv1.2").close())
                .isInstanceOf(IOException.class);
        try (SSLSocket browser = handshake(NAME, List.of("h2", "http/1.1"), "TLSv1.2")) {
            assertThat(leaf(browser)).isEqualTo(servedSet.chain().get(0));
        }
    }

    @Test
    void acmeTls1IsRefusedForANameNotInFlight() throws Exception {
        startServing();
        validations.add(NAME, validation);
        validations.remove(NAME);

        assertThatThrownBy(() -> handshake(NAME, List.of(AlpnValidations.ACME_TLS_1), "TLSv1.3").close())
                .isInstanceOf(IOException.class);
        try (SSLSocket socket = TestTls.connect(port, List.of("h2", "http/1.1"))) {
            assertThat(leaf(socket)).isEqualTo(servedSet.chain().get(0));
        }
    }

    @Test
    void aListenerForValidationsOnlyAnswersNothingElse() throws Exception {
        start(TlsEngineSelector.validationsOnly(validations));
        validations.add(NAME, validation);

        try (SSLSocket ca = handshake(NAME, List.of(AlpnValidations.ACME_TLS_1), "TLSv1.3")) {
            assertThat(leaf(ca)).isEqualTo(validation.chain().get(0));
        }
        assertThatThrownBy(() -> handshake(NAME, List.of("h2", "http/1.1"), "TLSv1.3").close())
                .isInstanceOf(IOException.class);
    }
}
