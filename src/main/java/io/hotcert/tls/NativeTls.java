package io.hotcert.tls;

import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * TLS in BoringSSL, through Netty's SSLEngine, with the same protocols, suites and ALPN as the
 * JDK's context in {@link ServerTls}. Netty's engine asks the key manager for an alias at every
 * handshake, so swaps work as on the JDK's engine; it turns the alias's key and chain into native
 * form once and reuses that while the key manager returns the same objects.
 */
final class NativeTls {

    /**
     * Undertow hands the engine direct buffers, so the allocator serves only copies that live for
     * one call (a gathered record, a heap buffer's bytes): no pool to keep, and no leak tracking,
     * which Netty's default allocator does for one buffer in 128 with a weak reference for the
     * collector to process.
     */
    private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true, true);
    /**
     * Netty reads this once, when its default allocator is first used: OpenSsl's load-time probe
     * does, and with Netty 4.2's default (adaptive) it keeps a pooled direct chunk and its
     * per-thread state for the process's life, for one throwaway certificate. Nothing else here
     * uses that allocator. Measured through the launcher: idle RSS 66.4 to 64.9 MB, peak under
     * HTTP/1.1 load 2 to 4 MB lower, same request rate.
     */
    private static final String ALLOCATOR_TYPE_PROPERTY = "io.netty.allocator.type";

    private NativeTls() {
    }

    /**
     * Why the native library cannot run here, or empty when it can. The first call loads it:
     * Netty unpacks it into {@code io.netty.native.workdir} (else {@code java.io.tmpdir}) unless
     * {@code java.library.path} has it, and {@code -Dio.netty.handler.ssl.noOpenSsl=true} forbids it.
     * It must come before anything else touches Netty: it chooses Netty's default allocator.
     */
    static Optional<Throwable> unavailability() {
        // Set here, not in the launcher, so that every way of starting the jar gets it; an
        // operator's own -D choice stands.
        if (System.getProperty(ALLOCATOR_TYPE_PROPERTY) == null) {
            System.setProperty(ALLOCATOR_TYPE_PROPERTY, "unpooled");
        }
        return OpenSsl.isAvailable() ? Optional.empty() : Optional.of(OpenSsl.unavailabilityCause());
    }

    /** A server context on BoringSSL whose certificate comes from {@code keyManager}. */
    static SSLContext context(X509ExtendedKeyManager keyManager) throws SSLException {
        SslContext netty = SslContextBuilder.forServer(keyManager)
                // Engines that the listener releases (ListenerEngine), not ones a finalizer frees.
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                // The listener asks no client for a certificate. Without a trust list of its own
                // Netty reads the JDK's whole cacerts into the heap at every start, for nothing.
                .trustManager(new X509Certificate[0])
                .protocols(ServerTls.PROTOCOLS)
                .ciphers(ServerTls.CIPHER_SUITES)
                .sessionCacheSize(ServerTls.SESSION_CACHE_SIZE)
                .sessionTimeout(ServerTls.SESSION_TIMEOUT_SECONDS)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        return new NettySslContext(netty);
    }

    /** Undertow takes a JSSE {@link SSLContext}; this one hands out Netty's engines. */
    private static final class NettySslContext extends SSLContext {
        private static final Provider PROVIDER = new Provider("hotcert-boringssl", "1", "BoringSSL through Netty") {
            private static final long serialVersionUID = 1L;
        };

        NettySslContext(SslContext netty) {
            super(new NettyContextSpi(netty, ALLOCATOR), PROVIDER, "TLS");
        }
    }
}
