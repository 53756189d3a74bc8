package io.hotcert.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.ssl.SslConnection;

import io.hotcert.tls.ListenerTls;
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
    private final ListenerTls listenerTls;
    private final OptionMap tlsOptions;
    private final Duration handshakeTimeout;
    private final ChannelListener<? super SslConnection> next;
    private final ConnectionCounts.Listener counts;

    TlsHandoff(UndertowXnioSsl tls, ListenerTls listenerTls, OptionMap tlsOptions, Duration handshakeTimeout,
            ChannelListener<? super SslConnection> next, ConnectionCounts.Listener counts) {
        this.tls = tls;
        this.listenerTls = listenerTls;
        this.tlsOptions = tlsOptions;
        this.handshakeTimeout = handshakeTimeout;
        this.next = next;
        this.counts = counts;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        SslConnection secured = tls.wrapExistingConnection(connection, tlsOptions, false);
        SSLEngine engine = UndertowXnioSsl.getSslEngine(secured);
        listenerTls.prepare(engine);
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
        secured.getHandshakeSetter().set(handshaken -> {
            deadline.remove();
            // TLS-ALPN-01: the CA's handshake was the answer; nothing follows on the connection. Closed once
            // the read that finished the handshake has returned: Undertow calls this from inside it, and a close
            // here frees the buffer that read goes on with (a NullPointerException it logs as UT005090).
            if (listenerTls.endsWithHandshake(engine)) {
                connection.getIoThread().execute(() -> closeWhenFlushed(secured));
            }
        });
        next.handleEvent(secured);
    }

    /**
     * Under TLS 1.2 the server's handshake ends when it has made its last flight, not written it:
     * the connection is shut down for writing (close_notify) and flushed before it closes.
     */
    private static void closeWhenFlushed(SslConnection secured) {
        ConduitStreamSinkChannel sink = secured.getSinkChannel();
        try {
            sink.shutdownWrites();
            if (sink.flush()) {
                IoUtils.safeClose(secured);
                return;
            }
            sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(flushed -> IoUtils.safeClose(secured),
                    (channel, e) -> IoUtils.safeClose(secured)));
            sink.resumeWrites();
        } catch (IOException e) {
            IoUtils.safeClose(secured);
        }
    }
}
