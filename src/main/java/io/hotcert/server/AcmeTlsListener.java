package io.hotcert.server;

import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSourceChannel;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;

/**
 * Where Undertow's ALPN listener hands a connection that negotiated {@code acme-tls/1}: nothing
 * is served on it. The handshake is the whole TLS-ALPN-01 answer (RFC 8737, section 3), and
 * {@link TlsHandoff} closes the connection when it completes; Undertow hands it over earlier,
 * while the handshake's last flight may still wait to be written, so it is not closed here.
 */
final class AcmeTlsListener implements DelegateOpenListener {

    private final ByteBufferPool buffers;
    private HttpHandler rootHandler;
    private OptionMap options;

    AcmeTlsListener(ByteBufferPool buffers, OptionMap options) {
        this.buffers = buffers;
        this.options = options;
    }

    @Override
    public void handleEvent(StreamConnection connection, PooledByteBuffer buffer) {
        if (buffer != null) {
            buffer.close();
        }
        handleEvent(connection);
    }

    /**
     * Reads and discards: reading is what takes in the client's Finished, which ends the handshake
     * and so closes the connection; a client that closes first closes it too.
     */
    @Override
    public void handleEvent(StreamConnection connection) {
        ConduitStreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(ChannelListeners.drainListener(Long.MAX_VALUE,
                drained -> IoUtils.safeClose(connection), (channel, e) -> IoUtils.safeClose(connection)));
        source.resumeReads();
    }

    @Override
    public HttpHandler getRootHandler() {
        return rootHandler;
    }

    @Override
    public void setRootHandler(HttpHandler rootHandler) {
        this.rootHandler = rootHandler;
    }

    @Override
    public OptionMap getUndertowOptions() {
        return options;
    }

    @Override
    public void setUndertowOptions(OptionMap options) {
        this.options = options;
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return buffers;
    }

    /** Nothing is served on these connections, so there is nothing to count. */
    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return null;
    }
}
