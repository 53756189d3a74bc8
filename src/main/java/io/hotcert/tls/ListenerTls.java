package io.hotcert.tls;

import javax.net.ssl.SSLContext;

/** The TLS an HTTPS listener runs on: the engine chosen and its context, built over the swappable key manager. */
public record ListenerTls(TlsEngine engine, SSLContext context) {

    /**
     * What the listener must pass to each engine's {@code setEnableSessionCreation}: the JDK's
     * engine refuses every handshake without it, and Netty's manages sessions itself and throws
     * when asked to enable them.
     */
    public boolean enableSessionCreation() {
        return engine == TlsEngine.JDK;
    }
}
