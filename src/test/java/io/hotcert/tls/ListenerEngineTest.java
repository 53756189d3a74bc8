package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.TlsEngineChoice;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TestTls;
import io.hotcert.testing.TlsPass;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

class ListenerEngineTest {

    private static final byte[] HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 70\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void onTheNativeEngine() {
        assumeFalse(TlsPass.nativeOff(), "the native engine is off in this pass");
    }

    /** {@code engine} with its handshake begun and its close_notify sent; its peer sent none. */
    private static <E extends SSLEngine> E withOutboundClosed(E engine) throws SSLException {
        engine.beginHandshake();
        engine.closeOutbound();
        ByteBuffer network = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
            network.clear();
            engine.wrap(ByteBuffer.allocate(0), network);
        }
        assertThat(engine.isOutboundDone()).isTrue();
        return engine;
    }

    @Test
    void theListenersEngineEndsWithoutAnExceptionWhenThePeerSentNoCloseNotify() throws Exception {
        SSLEngine engine = withOutboundClosed(new TlsEngineSelector()
                .select(TlsEngineChoice.OPENSSL, new SwappableKeyManager()).context().createSSLEngine());

        engine.closeInbound();

        assertThat(engine.isInboundDone()).isTrue();
    }

    /** Why closeInbound is its own: should a Netty release stop throwing here, it can be Netty's. */
    @Test
    void nettysOwnEngineThrowsThere() throws Exception {
        SSLEngine netty = withOutboundClosed(SslContextBuilder.forServer(new SwappableKeyManager())
                .sslProvider(SslProvider.OPENSSL).build().newEngine(UnpooledByteBufAllocator.DEFAULT));

        assertThatThrownBy(netty::closeInbound).isInstanceOf(SSLException.class).hasMessageContaining("close_notify");
    }

    /**
     * {@code server} and a JDK client after a handshake between them, with what the server sends
     * after it (session tickets) delivered, so that its next wrap carries application data.
     */
    private static SSLEngine[] handshaken(SSLEngine server) throws SSLException {
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
        return new SSLEngine[] {server, client};
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

    private static SwappableKeyManager servingAnEcSet() {
        SwappableKeyManager keyManager = new SwappableKeyManager();
        keyManager.install(new SelfSignedCertificates(TestCa.CLOCK).create(new KeyPairFactory().generate(KeyType.EC_P256),
                List.of("a.example.test"), Duration.ofDays(1)));
        return keyManager;
    }

    private static SSLEngine listenerEngineServing() throws NativeTlsUnavailableException {
        return new TlsEngineSelector().select(TlsEngineChoice.OPENSSL, servingAnEcSet()).context().createSSLEngine();
    }

    /**
     * The application data of each record in {@code network}, as the client reads them; records
     * without any (the session tickets BoringSSL sends with the first data) are left out.
     */
    private static List<String> recordsTheClientReads(SSLEngine client, ByteBuffer network) throws SSLException {
        network.flip();
        List<String> records = new ArrayList<>();
        ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        while (network.hasRemaining()) {
            client.unwrap(network, plain.clear());
            if (plain.position() > 0) {
                records.add(new String(plain.array(), 0, plain.position(), StandardCharsets.US_ASCII));
            }
        }
        return records;
    }

    /** Room for session tickets ahead of the largest record. */
    private static ByteBuffer network(SSLEngine server) {
        return ByteBuffer.allocate(2 * server.getSession().getPacketBufferSize());
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    @Test
    void aResponsesHeadAndBodyLeaveInOneRecord() throws Exception {
        SSLEngine[] pair = handshaken(listenerEngineServing());
        ByteBuffer head = direct(HEAD);
        ByteBuffer body = direct(body(70));
        ByteBuffer network = network(pair[0]);

        var result = pair[0].wrap(new ByteBuffer[] {ByteBuffer.allocate(0), head, body}, 0, 3, network);

        assertThat(result.bytesConsumed()).isEqualTo(HEAD.length + 70);
        assertThat(head.hasRemaining() || body.hasRemaining()).isFalse();
        assertThat(recordsTheClientReads(pair[1], network))
                .containsExactly(new String(HEAD, StandardCharsets.US_ASCII) + new String(body(70), StandardCharsets.US_ASCII));
    }

    @Test
    void aRecordTakesAtMostItsLimitAndLeavesTheRestWhereItWas() throws Exception {
        SSLEngine[] pair = handshaken(listenerEngineServing());
        ByteBuffer head = direct(HEAD);
        ByteBuffer body = direct(body(20_000));
        ByteBuffer network = network(pair[0]);

        var result = pair[0].wrap(new ByteBuffer[] {head, body}, network);

        assertThat(result.bytesConsumed()).isEqualTo(ListenerEngine.MAX_RECORD_PLAINTEXT);
        assertThat(head.hasRemaining()).isFalse();
        assertThat(body.position()).isEqualTo(ListenerEngine.MAX_RECORD_PLAINTEXT - HEAD.length);
        assertThat(recordsTheClientReads(pair[1], network)).singleElement()
                .satisfies(record -> assertThat(record).hasSize(ListenerEngine.MAX_RECORD_PLAINTEXT));
    }

    @Test
    void aFullFirstBufferIsWrappedAsNettyWrapsIt() throws Exception {
        SSLEngine[] pair = handshaken(listenerEngineServing());
        ByteBuffer full = direct(body(ListenerEngine.MAX_RECORD_PLAINTEXT));
        ByteBuffer next = direct(HEAD);

        var result = pair[0].wrap(new ByteBuffer[] {full, next}, network(pair[0]));

        assertThat(result.bytesConsumed()).isEqualTo(ListenerEngine.MAX_RECORD_PLAINTEXT);
        assertThat(next.remaining()).isEqualTo(HEAD.length);
    }

    /** Why the gathering wrap is its own: should Netty gather, it can be Netty's. */
    @Test
    void nettysOwnEngineWrapsOneBufferPerRecord() throws Exception {
        SSLEngine[] pair = handshaken(SslContextBuilder.forServer(servingAnEcSet()).sslProvider(SslProvider.OPENSSL).build()
                .newEngine(UnpooledByteBufAllocator.DEFAULT));
        ByteBuffer head = direct(HEAD);
        ByteBuffer body = direct(body(70));

        var result = pair[0].wrap(new ByteBuffer[] {head, body}, network(pair[0]));

        assertThat(result.bytesConsumed()).isEqualTo(HEAD.length);
        assertThat(body.remaining()).isEqualTo(70);
    }
}
