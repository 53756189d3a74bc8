package io.hotcert.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * Accepts connections for one listener and hands them on, except that a client already holding
 * its share of the listener is turned away at once: closing the excess keeps the listener
 * accepting during a flood, where refusing to accept would lock every other client out too.
 */
final class GuardedAcceptListener implements ChannelListener<AcceptingChannel<StreamConnection>> {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedAcceptListener.class);

    private final String purpose;
    private final ConnectionsPerAddress perAddress;
    private final ChannelListener<StreamConnection> next;
    private final ConnectionCounts.Listener counts;

    GuardedAcceptListener(String purpose, ConnectionsPerAddress perAddress, ChannelListener<StreamConnection> next,
            ConnectionCounts.Listener counts) {
        this.purpose = purpose;
        this.perAddress = perAddress;
        this.next = next;
        this.counts = counts;
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> channel) {
        StreamConnection connection;
        try {
            connection = channel.accept();
        } catch (IOException e) {
            LOG.debug("{}: accepting a connection failed", purpose, e);
            return;
        }
        if (connection == null) {
            return;
        }
        InetAddress client = connection.getPeerAddress(InetSocketAddress.class).getAddress();
        if (!perAddress.tryOpen(client)) {
            // Per connection, so at debug: a flood would otherwise flood the journal as well.
            LOG.debug("{}: closed a connection from {}, which holds its share of the listener already", purpose,
                    client.getHostAddress());
            IoUtils.safeClose(connection);
            counts.refused(ConnectionCounts.Limit.PER_ADDRESS);
            return;
        }
        counts.opened();
        next.handleEvent(connection);
        releaseOnClose(connection, client);
    }

    /**
     * Undertow sets its own close listener on the connection it serves, so ours is chained after
     * it once the connection is handed on; a connection already closed by then is released here.
     */
    private void releaseOnClose(StreamConnection connection, InetAddress client) {
        var released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                perAddress.closed(client);
                counts.closed();
            }
        };
        ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
        connection.setCloseListener(closed -> {
            try {
                if (undertows != null) {
                    ChannelListeners.invokeChannelListener(closed, undertows);
                }
            } finally {
                release.run();
            }
        });
        if (!connection.isOpen()) {
            release.run();
        }
    }
}
