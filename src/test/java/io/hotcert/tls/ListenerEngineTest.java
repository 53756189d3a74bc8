package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.TlsEngineChoice;
import io.hotcert.testing.TlsPass;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
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

    /** A releasable Netty engine, as the listener's context makes them. */
    private static ReferenceCountedOpenSslEngine releasableEngine() throws SSLException {
        return (ReferenceCountedOpenSslEngine) SslContextBuilder.forServer(EngineHandshake.servingAnEcSet())
                .sslProvider(SslProvider.OPENSSL_REFCNT).build().newEngine(UnpooledByteBufAllocator.DEFAULT);
    }

    private static ListenerEngine around(ReferenceCountedOpenSslEngine netty, Cleaner cleaner) {
        return new ListenerEngine(netty, UnpooledByteBufAllocator.DEFAULT, EnabledSettings.of(netty), cleaner);
    }

    @Test
    void nettysEngineIsReleasedAsSoonAsBothSidesAreDone() throws Exception {
        ReferenceCountedOpenSslEngine netty = releasableEngine();
        SSLEngine engine = withOutboundClosed(around(netty, Cleaner.create()));
        assertThat(netty.refCnt()).as("inbound still open").isOne();

        engine.closeInbound();

        assertThat(netty.refCnt()).isZero();
        assertThat(engine.isInboundDone()).isTrue();
        assertThat(engine.isOutboundDone()).isTrue();
    }

    @Test
    void nettysEngineIsReleasedWhenItsConnectionIsDroppedUnclosed() throws Exception {
        ReferenceCountedOpenSslEngine netty = releasableEngine();
        beginAndDrop(netty);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (netty.refCnt() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(netty.refCnt()).as("released by the cleaner").isZero();
    }

    /** A listener engine around {@code netty} that begins a handshake and is then let go, as by a reset connection. */
    private static void beginAndDrop(ReferenceCountedOpenSslEngine netty) throws SSLException {
        around(netty, Cleaner.create()).beginHandshake();
    }

    /** Why closeInbound is its own: should a Netty release stop throwing here, it can be Netty's. */
    @Test
    void nettysOwnEngineThrowsThere() throws Exception {
        SSLEngine netty = withOutboundClosed(SslContextBuilder.forServer(new SwappableKeyManager())
                .sslProvider(SslProvider.OPENSSL).build().newEngine(UnpooledByteBufAllocator.DEFAULT));

        assertThatThrownBy(netty::closeInbound).isInstanceOf(SSLException.class).hasMessageContaining("close_notify");
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
        EngineHandshake pair = EngineHandshake.between(EngineHandshake.listenerEngine());
        ByteBuffer head = direct(HEAD);
        ByteBuffer body = direct(body(70));
        ByteBuffer network = network(pair.server());

        var result = pair.server().wrap(new ByteBuffer[] {ByteBuffer.allocate(0), head, body}, 0, 3, network);

        assertThat(result.bytesConsumed()).isEqualTo(HEAD.length + 70);
        assertThat(head.hasRemaining() || body.hasRemaining()).isFalse();
        assertThat(recordsTheClientReads(pair.client(), network))
                .containsExactly(new String(HEAD, StandardCharsets.US_ASCII) + new String(body(70), StandardCharsets.US_ASCII));
    }

    @Test
    void aRecordTakesAtMostItsLimitAndLeavesTheRestWhereItWas() throws Exception {
        EngineHandshake pair = EngineHandshake.between(EngineHandshake.listenerEngine());
        ByteBuffer head = direct(HEAD);
        ByteBuffer body = direct(body(20_000));
        ByteBuffer network = network(pair.server());

        var result = pair.server().wrap(new ByteBuffer[] {head, body}, network);

        assertThat(result.bytesConsumed()).isEqualTo(ListenerEngine.MAX_RECORD_PLAINTEXT);
        assertThat(head.hasRemaining()).isFalse();
        assertThat(body.position()).isEqualTo(ListenerEngine.MAX_RECORD_PLAINTEXT - HEAD.length);
        assertThat(recordsTheClientReads(pair.client(), network)).singleElement()
                .satisfies(record -> assertThat(record).hasSize(ListenerEngine.MAX_RECORD_PLAINTEXT));
    }

    @Test
    void aFullFirstBufferIsWrappedAsNettyWrapsIt() throws Exception {
        EngineHandshake pair = EngineHandshake.between(EngineHandshake.listenerEngine());
        ByteBuffer full = direct(body(ListenerEngine.MAX_RECORD_PLAINTEXT));
        ByteBuffer next = direct(HEAD);

        var result = pair.server().wrap(new ByteBuffer[] {full, next}, network(pair.server()));

        assertThat(result.bytesConsumed()).isEqualTo(ListenerEngine.MAX_RECORD_PLAINTEXT);
        assertThat(next.remaining()).isEqualTo(HEAD.length);
    }

    /** Why the gathering wrap is its own: should Netty gather, it can be Netty's. */
    @Test
    void nettysOwnEngineWrapsOneBufferPerRecord() throws Exception {
        EngineHandshake pair = EngineHandshake.between(SslContextBuilder.forServer(EngineHandshake.servingAnEcSet()).sslProvider(SslProvider.OPENSSL).build()
                .newEngine(UnpooledByteBufAllocator.DEFAULT));
        ByteBuffer head = direct(HEAD);
        ByteBuffer body = direct(body(70));

        var result = pair.server().wrap(new ByteBuffer[] {head, body}, network(pair.server()));

        assertThat(result.bytesConsumed()).isEqualTo(HEAD.length);
        assertThat(body.remaining()).isEqualTo(70);
    }

    @Test
    void suitesAndProtocolsAreNettysAndFollowWhatIsSet() throws Exception {
        SSLEngine listener = EngineHandshake.listenerEngine();
        SSLEngine netty = SslContextBuilder.forServer(EngineHandshake.servingAnEcSet()).sslProvider(SslProvider.OPENSSL)
                .protocols(ServerTls.PROTOCOLS).ciphers(ServerTls.CIPHER_SUITES).build()
                .newEngine(UnpooledByteBufAllocator.DEFAULT);
        assertThat(listener.getEnabledCipherSuites()).containsExactly(netty.getEnabledCipherSuites());
        assertThat(listener.getEnabledProtocols()).containsExactly(netty.getEnabledProtocols());

        listener.getEnabledCipherSuites()[0] = "changed by a caller";
        listener.setEnabledCipherSuites(listener.getEnabledCipherSuites());
        assertThat(listener.getEnabledCipherSuites()).containsExactly(netty.getEnabledCipherSuites());

        listener.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
        listener.setEnabledProtocols(new String[] {"TLSv1.2"});
        assertThat(listener.getEnabledCipherSuites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        // Netty counts the SSLv2Hello pseudo-protocol in whatever it enables.
        assertThat(listener.getEnabledProtocols()).contains("TLSv1.2").doesNotContain("TLSv1.3");
        assertThat(EngineHandshake.listenerEngine().getEnabledProtocols()).as("another engine of the context")
                .containsExactly(netty.getEnabledProtocols());
    }
}
