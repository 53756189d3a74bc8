package io.hotcert.tls;

import javax.net.ssl.SSLEngine;

import io.undertow.protocols.alpn.ALPNProvider;

/**
 * ALPN for the listener's native engine, found by Undertow through {@code META-INF/services}.
 * BoringSSL negotiates from the list the native context was built with (h2, http/1.1), so there
 * is nothing to set per connection. Undertow's provider for any other engine would set it all
 * the same: a round of {@code getSSLParameters} and {@code setSSLParameters}, which Netty's engine
 * turns into native calls that re-apply its suites and protocols and leave ALPN as it was, 2.9 %
 * of the CPU of a new connection in a profile.
 */
public final class NativeAlpnProvider implements ALPNProvider {

    /** Above Undertow's own (200 for the JDK's API), so that it is asked first. */
    private static final int PRIORITY = 300;

    @Override
    public boolean isEnabled(SSLEngine engine) {
        return engine instanceof ListenerEngine;
    }

    @Override
    public SSLEngine setProtocols(SSLEngine engine, String[] protocols) {
        return engine;
    }

    @Override
    public String getSelectedProtocol(SSLEngine engine) {
        return engine.getApplicationProtocol();
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
