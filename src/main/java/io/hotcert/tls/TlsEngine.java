package io.hotcert.tls;

/** The TLS implementation an HTTPS listener runs on, named as in status and metrics. */
public enum TlsEngine {
    /** BoringSSL through Netty's SSLEngine: AES-GCM and the handshake's arithmetic in native code. */
    OPENSSL("openssl"),
    JDK("jdk");

    private final String label;

    TlsEngine(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
