package io.hotcert.server;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Holds HTTP/2 clients to the concurrent streams the listener advertises: Undertow announces
 * SETTINGS_MAX_CONCURRENT_STREAMS but accepts any number, so one connection could keep
 * thousands of requests waiting for a body that never comes. A stream over the limit is reset
 * (RFC 9113 5.1.2 lets the server refuse it) before it reaches the handler.
 */
final class ConcurrentStreamLimit implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentStreamLimit.class);

    /** Attached to the HTTP/2 connection: an exchange's attachments there are the connection's. */
    private static final AttachmentKey<AtomicInteger> OPEN_STREAMS = AttachmentKey.create(AtomicInteger.class);

    private final HttpHandler next;
    private final int limit;
    private final ConnectionCounts.Listener counts;

    ConcurrentStreamLimit(HttpHandler next, int limit, ConnectionCounts.Listener counts) {
        this.next = next;
        this.limit = limit;
        this.counts = counts;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        // New streams arrive on the connection's IO thread, so the first look-up and put do not race.
        AtomicInteger open = exchange.getConnection().getAttachment(OPEN_STREAMS);
        if (open == null) {
            open = new AtomicInteger();
            exchange.getConnection().putAttachment(OPEN_STREAMS, open);
        }
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            LOG.debug("reset a stream from {}: more than {} open at once", exchange.getSourceAddress(), limit);
            IoUtils.safeClose(exchange.getConnection());
            counts.refused(ConnectionCounts.Limit.HTTP2_STREAMS);
            return;
        }
        AtomicInteger counted = open;
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            counted.decrementAndGet();
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }
}
