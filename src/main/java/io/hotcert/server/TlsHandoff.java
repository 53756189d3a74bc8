package io.hotcert.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.ssl.SslConnection;

import io.undertow.protocols.ssl.UndertowXnioSsl;

/**
 * Puts TLS on an accepted connection and gives it a deadline to finish the handshake: until
 * then the client has shown nothing, and a silent or trickling socket would otherwise be held
 * for as long as the client likes. The deadline is an IO-thread timer, cancelled by the engine's
 * "handshake finished", so it holds for any engine behind the SSLContext.
 */
final class TlsHandoff implements ChannelListener<StreamConnection> {

    private static final Logger LOG = LoggerFactory.getLogger(TlsHandoff.class);

    private final UndertowXnioSsl tls;
    private final OptionMap tlsOptions;
    private final Duration handshakeTimeout;
    private final ChannelListener<? super SslConnection> next;
    private final ConnectionCounts.Listener counts;

    TlsHandoff(UndertowXnioSsl tls, OptionMap tlsOptions, Duration handshakeTimeout,
            ChannelListener<? super SslConnection> next, ConnectionCounts.Listener counts) {
        this.tls = tls;
        this.tlsOptions = tlsOptions;
        this.handshakeTimeout = handshakeTimeout;
        this.next = next;
        this.counts = counts;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        SslConnection secured = tls.wrapExistingConnection(connection, tlsOptions, false);
        preferServerCipherOrder(UndertowXnioSsl.getSslEngine(secured));
        XnioExecutor.Key deadline = connection.getIoThread().executeAfter(() -> {
            if (!secured.isOpen()) {
                return;
            }
            LOG.debug("closed the connection from {}: no TLS handshake within {}s",
                    connection.getPeerAddress(InetSocketAddress.class).getAddress().getHostAddress(),
                    handshakeTimeout.toSeconds());
            IoUtils.safeClose(secured);
            counts.refused(ConnectionCounts.Limit.HANDSHAKE_DEADLINE);
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        secured.getHandshakeSetter().set(handshaken -> deadline.remove());
        next.handleEvent(secured);
    }

    /** As Undertow's own TLS listener does: the server's order of cipher suites wins. */
    private static void preferServerCipherOrder(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
    }
}
