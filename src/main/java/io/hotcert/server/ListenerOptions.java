package io.hotcert.server;

import java.time.Duration;

import org.xnio.Options;
import org.xnio.Sequence;

import io.hotcert.tls.ListenerTls;
import io.hotcert.tls.ServerTls;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;

/**
 * Limits that keep slow or oversized clients from holding the board's memory or threads: every
 * connection has to send its headers in time, may not idle for long, and gets small header
 * limits. The plain-HTTP port only ever answers a few bytes, so it is tighter still.
 */
final class ListenerOptions {

    /** Time to send a complete request head, against clients that trickle it (slowloris). */
    private static final Duration REQUEST_HEAD = Duration.ofSeconds(10);
    /** A keep-alive connection with no request for this long is closed. */
    private static final Duration HTTPS_IDLE = Duration.ofSeconds(60);
    /** A read or write that makes no progress for this long ends the connection. */
    private static final Duration HTTPS_READ_WRITE = Duration.ofSeconds(60);
    private static final Duration HTTP_IDLE = Duration.ofSeconds(10);
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_HTTP2_STREAMS = 100;
    /** Open connections per listener; beyond it the listener stops accepting until some close. */
    private static final int MAX_CONNECTIONS = 1024;

    private ListenerOptions() {
    }

    static void applyHttps(Undertow.Builder builder, ListenerTls tls) {
        applyCommon(builder, HTTPS_IDLE, HTTPS_READ_WRITE);
        builder.setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_HTTP2_STREAMS)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_BYTES)
                .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(ServerTls.PROTOCOLS))
                .setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(ServerTls.CIPHER_SUITES))
                .setSocketOption(Options.SSL_ENABLE_SESSION_CREATION, tls.enableSessionCreation());
    }

    static void applyHttp(Undertow.Builder builder) {
        applyCommon(builder, HTTP_IDLE, HTTP_IDLE);
        // Challenge answers and redirects never need a request body.
        builder.setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L);
    }

    private static void applyCommon(Undertow.Builder builder, Duration idle, Duration readWrite) {
        builder.setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(REQUEST_HEAD))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(idle))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(idle.plus(readWrite)))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADERS)
                .setSocketOption(Options.READ_TIMEOUT, millis(readWrite))
                .setSocketOption(Options.WRITE_TIMEOUT, millis(readWrite))
                .setSocketOption(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setSocketOption(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS);
    }

    private static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
