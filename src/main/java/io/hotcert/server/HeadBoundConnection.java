package io.hotcert.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import org.xnio.ChannelListener;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientStatistics;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;

/**
 * A pooled backend connection as one client request sees it: the same connection, except that
 * the exchange it starts checks the size of the response head (see {@link HeadBoundExchange}).
 * Closing or returning it acts on the pooled connection, which the pool keeps tracking itself.
 */
final class HeadBoundConnection implements ClientConnection {

    private final ClientConnection connection;
    private final HttpServerExchange client;

    /** @param client the client's exchange this connection serves, told when the head is too big */
    HeadBoundConnection(ClientConnection connection, HttpServerExchange client) {
        this.connection = connection;
        this.client = client;
    }

    @Override
    public void sendRequest(ClientRequest request, ClientCallback<ClientExchange> callback) {
        connection.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                callback.completed(new HeadBoundExchange(exchange, client));
            }

            @Override
            public void failed(IOException e) {
                callback.failed(e);
            }
        });
    }

    @Override
    public StreamConnection performUpgrade() throws IOException {
        return connection.performUpgrade();
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return connection.getBufferPool();
    }

    @Override
    public SocketAddress getPeerAddress() {
        return connection.getPeerAddress();
    }

    @Override
    public <A extends SocketAddress> A getPeerAddress(Class<A> type) {
        return connection.getPeerAddress(type);
    }

    @Override
    public ChannelListener.Setter<? extends ClientConnection> getCloseSetter() {
        return connection.getCloseSetter();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return connection.getLocalAddress();
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return connection.getLocalAddress(type);
    }

    @Override
    public XnioWorker getWorker() {
        return connection.getWorker();
    }

    @Override
    public XnioIoThread getIoThread() {
        return connection.getIoThread();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return connection.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return connection.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return connection.setOption(option, value);
    }

    @Override
    public boolean isUpgraded() {
        return connection.isUpgraded();
    }

    @Override
    public boolean isPushSupported() {
        return connection.isPushSupported();
    }

    @Override
    public boolean isMultiplexingSupported() {
        return connection.isMultiplexingSupported();
    }

    @Override
    public ClientStatistics getStatistics() {
        return connection.getStatistics();
    }

    @Override
    public boolean isUpgradeSupported() {
        return connection.isUpgradeSupported();
    }

    @Override
    public void addCloseListener(ChannelListener<ClientConnection> listener) {
        connection.addCloseListener(listener);
    }

    @Override
    public boolean isPingSupported() {
        return connection.isPingSupported();
    }

    @Override
    public void sendPing(PingListener listener, long timeout, TimeUnit timeUnit) {
        connection.sendPing(listener, timeout, timeUnit);
    }
}
