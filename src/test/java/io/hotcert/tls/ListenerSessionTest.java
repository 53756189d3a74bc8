package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hotcert.testing.TlsPass;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

class ListenerSessionTest {

    @BeforeEach
    void onTheNativeEngine() {
        assumeFalse(TlsPass.nativeOff(), "the native engine is off in this pass");
    }

    @Test
    void noClientCertificateIsAnsweredWithoutAStackTrace() throws Exception {
        SSLSession session = EngineHandshake.between(EngineHandshake.listenerEngine()).server().getSession();

        var noCertificate = catchThrowableOfType(session::getPeerCertificates, SSLPeerUnverifiedException.class);
        assertThat(noCertificate).isNotNull();
        assertThat(noCertificate.getStackTrace()).isEmpty();
        assertThat(catchThrowableOfType(session::getPeerPrincipal, SSLPeerUnverifiedException.class)).isNotNull();
    }

    @Test
    void everythingElseIsTheHandshakesSession() throws Exception {
        EngineHandshake done = EngineHandshake.between(EngineHandshake.listenerEngine());
        SSLSession server = done.server().getSession();
        SSLSession client = done.client().getSession();

        assertThat(server.getProtocol()).isEqualTo(client.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(server.getCipherSuite()).isEqualTo(client.getCipherSuite());
        assertThat(server.getLocalCertificates()).containsExactly(client.getPeerCertificates());
        assertThat(server).isInstanceOf(ExtendedSSLSession.class).isSameAs(done.server().getSession());
        assertThat(((ExtendedSSLSession) server).getRequestedServerNames()).containsExactly(new SNIHostName("a.example.test"));
    }

    /** Why the session is its own: should Netty stop tracing here, it can be Netty's. */
    @Test
    void nettysOwnSessionTracesTheException() throws Exception {
        SSLSession nettys = EngineHandshake.between(SslContextBuilder.forServer(EngineHandshake.servingAnEcSet())
                .sslProvider(SslProvider.OPENSSL).build().newEngine(UnpooledByteBufAllocator.DEFAULT)).server().getSession();

        var noCertificate = catchThrowableOfType(nettys::getPeerCertificates, SSLPeerUnverifiedException.class);
        assertThat(noCertificate.getStackTrace()).isNotEmpty();
    }
}
