package io.hotcert.tls;

import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The TLS settings of the HTTPS listener: TLS 1.3 and 1.2 only, and for 1.2 only forward-secret
 * AEAD suites, which is also what HTTP/2 requires of TLS 1.2 (RFC 9113, section 9.2.2).
 */
public final class ServerTls {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Sessions a board remembers for resumption; the JDK's default of 20,480 is sized for servers. */
    static final int SESSION_CACHE_SIZE = 1024;
    static final int SESSION_TIMEOUT_SECONDS = 3600;

    private ServerTls() {
    }

    /** A server context on the JDK's TLS whose certificate comes from {@code keyManager}, for the listener's whole life. */
    static SSLContext jdkContext(X509ExtendedKeyManager keyManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            // The listener never asks clients for certificates. No trust managers, rather than null
            // (the JDK's default), spares every start parsing the JDK's whole cacerts into the heap.
            context.init(new KeyManager[] {keyManager}, new TrustManager[0], null);
            context.getServerSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
            context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS server context", e);
        }
    }
}
