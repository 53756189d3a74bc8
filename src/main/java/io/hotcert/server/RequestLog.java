package io.hotcert.server;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The HTTPS access log ({@code https.access-log=journal}): one line per completed request through
 * the daemon's log, so journald keeps it and no file is written. The line has the client address,
 * method, path, protocol, status, bytes sent and duration; never the query string, which can carry
 * tokens and passwords, nor any header.
 *
 * <p>A flood must not fill the journal or wear the flash: beyond {@link #LINES_PER_SECOND} in a
 * second, requests are only counted, and the next second's first line says how many were left out.
 */
final class RequestLog {

    /**
     * A third of what journald accepts from one service by default (10,000 lines in 30 s), so that
     * journald's own limit, which would drop the daemon's other lines too, is not reached by this.
     */
    static final int LINES_PER_SECOND = 100;
    /** Longer paths are cut: a line per request should not carry up to 16 KiB of request head. */
    private static final int MAX_PATH_CHARS = 256;

    private static final Logger LOG = LoggerFactory.getLogger("io.hotcert.access");

    private final LineRate rate;
    private final LongSupplier nanoTime;

    RequestLog(LineRate rate, LongSupplier nanoTime) {
        this.rate = rate;
        this.nanoTime = nanoTime;
    }

    HttpHandler around(HttpHandler next) {
        return exchange -> {
            long start = nanoTime.getAsLong();
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                try {
                    completed(done, start);
                } finally {
                    nextListener.proceed();
                }
            });
            next.handleRequest(exchange);
        };
    }

    private void completed(HttpServerExchange exchange, long start) {
        LineRate.Admission admission = rate.next();
        if (admission.dropped() > 0) {
            LOG.info("access log: {} requests not logged (more than {} in one second)", admission.dropped(),
                    LINES_PER_SECOND);
        }
        if (admission.admitted()) {
            LOG.info("{} \"{} {} {}\" {} {} bytes {} ms", exchange.getSourceAddress().getAddress().getHostAddress(),
                    printable(exchange.getRequestMethod().toString()), printable(exchange.getRequestURI()),
                    exchange.getProtocol(), exchange.getStatusCode(), exchange.getResponseBytesSent(),
                    TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start));
        }
    }

    /** The text as sent, but cut to length and with anything that could forge or break a line escaped. */
    private static String printable(String text) {
        var out = new StringBuilder();
        for (int i = 0; i < text.length() && i < MAX_PATH_CHARS; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append(String.format(c > 0xff ? "\\u%04x" : "\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > MAX_PATH_CHARS ? out.append("...").toString() : out.toString();
    }
}
