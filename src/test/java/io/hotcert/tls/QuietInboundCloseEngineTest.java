package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.TlsEngineChoice;
import io.hotcert.testing.TlsPass;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

class QuietInboundCloseEngineTest {

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

    /** Why the class exists: should a Netty release stop throwing here, it can go. */
    @Test
    void nettysOwnEngineThrowsThere() throws Exception {
        SSLEngine netty = withOutboundClosed(SslContextBuilder.forServer(new SwappableKeyManager())
                .sslProvider(SslProvider.OPENSSL).build().newEngine(UnpooledByteBufAllocator.DEFAULT));

        assertThatThrownBy(netty::closeInbound).isInstanceOf(SSLException.class).hasMessageContaining("close_notify");
    }
}
