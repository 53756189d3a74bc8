package io.hotcert.tls;

import java.lang.ref.Cleaner;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;

/**
 * The JSSE face of a Netty server context: engines only, which is all a non-blocking listener
 * uses. It is complete when built, so JSSE's init has nothing left to do.
 */
final class NettyContextSpi extends SSLContextSpi {

    private final SslContext netty;
    private final ByteBufAllocator allocator;
    /** The same for every engine of the context: the listener sets neither suites nor protocols. */
    private final EnabledSettings enabled;
    /** Releases the engines of connections that end without both sides closing (one thread per context). */
    private final Cleaner cleaner = Cleaner.create();

    NettyContextSpi(SslContext netty, ByteBufAllocator allocator) {
        this.netty = netty;
        this.allocator = allocator;
        ReferenceCountedOpenSslEngine probe = (ReferenceCountedOpenSslEngine) netty.newEngine(allocator);
        try {
            this.enabled = EnabledSettings.of(probe);
        } finally {
            probe.release();
        }
    }

    @Override
    protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
        throw new UnsupportedOperationException("the native TLS context is configured when it is built");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new ListenerEngine((ReferenceCountedOpenSslEngine) netty.newEngine(allocator), allocator, enabled, cleaner);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new ListenerEngine((ReferenceCountedOpenSslEngine) netty.newEngine(allocator, host, port), allocator, enabled,
                cleaner);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return netty.sessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        throw new UnsupportedOperationException("the native TLS context is for servers only");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw new UnsupportedOperationException("the native TLS context has engines, not sockets");
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw new UnsupportedOperationException("the native TLS context has engines, not sockets");
    }
}
