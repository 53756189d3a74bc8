package io.hotcert.server;

import java.time.Duration;

import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;

import io.hotcert.config.ServerLimits;
import io.hotcert.tls.ListenerTls;
import io.hotcert.tls.ServerTls;
import io.hotcert.tls.TlsEngine;
import io.undertow.UndertowOptions;

/**
 * The options of one listener, in the three places XNIO and Undertow read them: the listening
 * socket and its connections, Undertow's protocol handling, and the TLS engine.
 *
 * <p>They keep slow or oversized clients from holding the board's memory or threads: every
 * connection has to send its headers in time, may not idle for long, and gets small header
 * limits. The plain-HTTP port only ever answers a few bytes, so it is tighter still.
 */
record ListenerOptions(OptionMap socket, OptionMap server, OptionMap tls) {

    /** Time to send a complete request head, against clients that trickle it (slowloris). */
    private static final Duration REQUEST_HEAD = Duration.ofSeconds(10);
    /** A keep-alive connection with no request for this long is closed. */
    private static final Duration HTTPS_IDLE = Duration.ofSeconds(60);
    /** A read or write that makes no progress for this long ends the connection. */
    private static final Duration HTTPS_READ_WRITE = Duration.ofSeconds(60);
    private static final Duration HTTP_IDLE = Duration.ofSeconds(10);
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    static final int MAX_HTTP2_STREAMS = 100;
    /** Connections waiting to be accepted, as Undertow's own listeners keep. */
    private static final int BACKLOG = 1000;

    static ListenerOptions https(int ioThreads, ListenerTls tls) {
        OptionMap server = common(HTTPS_IDLE, HTTPS_READ_WRITE)
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_HTTP2_STREAMS)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_BYTES)
                .getMap();
        return new ListenerOptions(socket(ioThreads, HTTPS_READ_WRITE), server, engineOptions(tls.engine()));
    }

    /**
     * What Undertow sets on each connection's engine. The JDK's engines start from the JDK's
     * defaults, so each gets the listener's protocols and suites (the server's order of suites
     * is the JDK's default since 13). Netty's engines take both, and the server's order, from
     * their context ({@code NativeTls}); setting them again converts every suite name on every
     * connection, about 4 % of a new connection's CPU. Netty's engine manages sessions itself and
     * refuses to be told to create them; the JDK's refuses every handshake unless told to.
     */
    private static OptionMap engineOptions(TlsEngine engine) {
        if (engine == TlsEngine.OPENSSL) {
            return OptionMap.create(Options.SSL_ENABLE_SESSION_CREATION, false);
        }
        return OptionMap.builder()
                .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(ServerTls.PROTOCOLS))
                .set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(ServerTls.CIPHER_SUITES))
                .set(Options.SSL_ENABLE_SESSION_CREATION, true)
                .getMap();
    }

    static ListenerOptions http(int ioThreads) {
        // Challenge answers and redirects never need a request body.
        OptionMap server = common(HTTP_IDLE, HTTP_IDLE).set(UndertowOptions.MAX_ENTITY_SIZE, 0L).getMap();
        return new ListenerOptions(socket(ioThreads, HTTP_IDLE), server, OptionMap.EMPTY);
    }

    private static OptionMap.Builder common(Duration idle, Duration readWrite) {
        return OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(REQUEST_HEAD))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(idle))
                .set(UndertowOptions.IDLE_TIMEOUT, millis(idle.plus(readWrite)))
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .set(UndertowOptions.MAX_HEADERS, MAX_HEADERS);
    }

    private static OptionMap socket(int ioThreads, Duration readWrite) {
        return OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, BACKLOG)
                .set(Options.READ_TIMEOUT, millis(readWrite))
                .set(Options.WRITE_TIMEOUT, millis(readWrite))
                .set(Options.CONNECTION_HIGH_WATER, ServerLimits.CONNECTIONS_PER_LISTENER)
                .set(Options.CONNECTION_LOW_WATER, ServerLimits.CONNECTIONS_PER_LISTENER)
                .getMap();
    }

    private static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
