package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import io.hotcert.config.TlsEngineChoice;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TestTls;

/**
 * A server engine and a JDK client engine after a handshake between them in memory, with what the
 * server sends after it (session tickets) delivered, so that its next wrap carries application data.
 */
record EngineHandshake(SSLEngine server, SSLEngine client) {

    static EngineHandshake between(SSLEngine server) throws SSLException {
        SSLEngine client = TestTls.trustingEverything().createSSLEngine("a.example.test", 443);
        client.setUseClientMode(true);
        server.setUseClientMode(false);
        // Room for a whole flight: the JDK's engine wraps only into room for a record of the largest size.
        ByteBuffer toServer = ByteBuffer.allocate(4 * client.getSession().getPacketBufferSize());
        ByteBuffer toClient = ByteBuffer.allocate(4 * server.getSession().getPacketBufferSize());
        ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 20 && (handshaking(client) || handshaking(server) || toClient.position() > 0); i++) {
            step(client, toClient, toServer, plain);
            step(server, toServer, toClient, plain);
            if (!handshaking(client)) {
                flushAfterHandshake(server, toClient);
            }
        }
        assertThat(handshaking(client) || handshaking(server) || toClient.position() > 0).as("handshake done").isFalse();
        return new EngineHandshake(server, client);
    }

    /** A key manager serving a self-signed ECDSA P-256 set for a.example.test. */
    static SwappableKeyManager servingAnEcSet() {
        SwappableKeyManager keyManager = new SwappableKeyManager();
        keyManager.install(new SelfSignedCertificates(TestCa.CLOCK).create(new KeyPairFactory().generate(KeyType.EC_P256),
                List.of("a.example.test"), Duration.ofDays(1)));
        return keyManager;
    }

    /** An engine of the listener's native context, serving {@link #servingAnEcSet()}. */
    static SSLEngine listenerEngine() throws NativeTlsUnavailableException {
        return new TlsEngineSelector().select(TlsEngineChoice.OPENSSL, servingAnEcSet()).context().createSSLEngine();
    }

    /** Netty's engine finishes when next asked to wrap, and sends its tickets on the wrap after. */
    private static void flushAfterHandshake(SSLEngine server, ByteBuffer out) throws SSLException {
        SSLEngineResult result;
        do {
            result = server.wrap(ByteBuffer.allocate(0), out);
        } while (result.bytesProduced() > 0 || result.getHandshakeStatus() == HandshakeStatus.FINISHED);
    }

    private static boolean handshaking(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    /** One turn of {@code engine}: what it can read of {@code in}, its tasks, and what it sends. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer plain) throws SSLException {
        in.flip();
        for (int i = 0; i < 20; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                engine.getDelegatedTask().run();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                engine.wrap(ByteBuffer.allocate(0), out);
            } else if (in.hasRemaining() && engine.unwrap(in, plain.clear()).bytesConsumed() > 0) {
                continue;
            } else {
                break;
            }
        }
        in.compact();
    }
}
