package io.hotcert.server;

import java.io.IOException;
import java.util.List;

import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientResponse;
import io.undertow.client.ContinueNotification;
import io.undertow.client.PushCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.AttachmentList;

/**
 * A backend exchange whose response head may be at most {@link #MAX_RESPONSE_HEAD_BYTES}. A
 * bigger one closes the backend connection and fails the exchange, so the proxy answers 502
 * instead of forwarding it; the client's exchange is marked {@link #OVERSIZED_HEAD} so that
 * {@link BackendFailures} can say why.
 */
final class HeadBoundExchange implements ClientExchange {

    /**
     * Four times the 16 KiB of headers the listener accepts from a client (see
     * {@link ListenerOptions}): room for a backend's cookies and security headers, while a backend
     * gone wrong cannot push its megabytes on through the proxy.
     */
    static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

    static final AttachmentKey<OversizedResponseHead> OVERSIZED_HEAD = AttachmentKey.create(OversizedResponseHead.class);

    private final ClientExchange exchange;
    private final HttpServerExchange client;

    HeadBoundExchange(ClientExchange exchange, HttpServerExchange client) {
        this.exchange = exchange;
        this.client = client;
    }

    @Override
    public void setResponseListener(ClientCallback<ClientExchange> listener) {
        exchange.setResponseListener(new ClientCallback<>() {
            @Override
            public void completed(ClientExchange answered) {
                long bytes = headBytes(answered.getResponse());
                if (bytes <= MAX_RESPONSE_HEAD_BYTES) {
                    listener.completed(answered);
                    return;
                }
                var oversized = new OversizedResponseHead(answered.getConnection().getPeerAddress(), bytes);
                IoUtils.safeClose(answered.getConnection());
                client.putAttachment(OVERSIZED_HEAD, oversized);
                listener.failed(new IOException(oversized.problem()));
            }

            @Override
            public void failed(IOException e) {
                listener.failed(e);
            }
        });
    }

    /** The size of the head as it came over the wire, give or take optional whitespace. */
    private static long headBytes(ClientResponse response) {
        // "HTTP/1.1 200 OK\r\n" and the empty line that ends the head
        long bytes = response.getProtocol().length() + " 200 ".length() + response.getStatus().length() + 2 + 2;
        for (var values : response.getResponseHeaders()) {
            for (String value : values) {
                bytes += values.getHeaderName().length() + ": ".length() + value.length() + 2;
            }
        }
        return bytes;
    }

    @Override
    public void setContinueHandler(ContinueNotification handler) {
        exchange.setContinueHandler(handler);
    }

    @Override
    public void setPushHandler(PushCallback handler) {
        exchange.setPushHandler(handler);
    }

    @Override
    public StreamSinkChannel getRequestChannel() {
        return exchange.getRequestChannel();
    }

    @Override
    public StreamSourceChannel getResponseChannel() {
        return exchange.getResponseChannel();
    }

    @Override
    public ClientRequest getRequest() {
        return exchange.getRequest();
    }

    @Override
    public ClientResponse getResponse() {
        return exchange.getResponse();
    }

    @Override
    public ClientResponse getContinueResponse() {
        return exchange.getContinueResponse();
    }

    @Override
    public ClientConnection getConnection() {
        return exchange.getConnection();
    }

    @Override
    public <T> T getAttachment(AttachmentKey<T> key) {
        return exchange.getAttachment(key);
    }

    @Override
    public <T> List<T> getAttachmentList(AttachmentKey<? extends List<T>> key) {
        return exchange.getAttachmentList(key);
    }

    @Override
    public <T> T putAttachment(AttachmentKey<T> key, T value) {
        return exchange.putAttachment(key, value);
    }

    @Override
    public <T> T removeAttachment(AttachmentKey<T> key) {
        return exchange.removeAttachment(key);
    }

    @Override
    public <T> void addToAttachmentList(AttachmentKey<AttachmentList<T>> key, T value) {
        exchange.addToAttachmentList(key, value);
    }
}
