package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;

import io.hotcert.testing.TestTls;
import io.hotcert.testing.TlsPass;
import io.undertow.protocols.alpn.ALPNManager;
import io.undertow.protocols.alpn.ALPNProvider;

class NativeAlpnProviderTest {

    @Test
    void undertowPicksItForTheListenersNativeEngineOnly() throws Exception {
        assumeFalse(TlsPass.nativeOff(), "the native engine is off in this pass");
        SSLEngine listener = EngineHandshake.listenerEngine();

        assertThat(ALPNManager.INSTANCE.getProvider(listener)).isInstanceOf(NativeAlpnProvider.class);
        assertThat(ALPNManager.INSTANCE.getProvider(TestTls.trustingEverything().createSSLEngine()))
                .isNotInstanceOf(NativeAlpnProvider.class);
    }

    @Test
    void leavesTheEngineAsItIsAndReadsWhatBoringSslChose() throws Exception {
        assumeFalse(TlsPass.nativeOff(), "the native engine is off in this pass");
        SSLEngine listener = EngineHandshake.listenerEngine();
        ALPNProvider provider = new NativeAlpnProvider();

        assertThat(provider.setProtocols(listener, new String[] {"h2", "http/1.1"})).isSameAs(listener);

        EngineHandshake done = EngineHandshake.between(listener);
        assertThat(provider.getSelectedProtocol(listener)).isEqualTo(done.server().getApplicationProtocol());
    }
}
