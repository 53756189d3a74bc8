package io.hotcert.challenge;

import java.io.IOException;
import java.net.BindException;

import org.xnio.Options;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;

/**
 * The HTTP-01 responder: an Undertow server on the plain-HTTP address running {@link Http01Handler}.
 * Sized for a small board: one IO thread, one worker (the handler never dispatches), short
 * timeouts and small header limits, since anyone on the internet can reach port 80.
 */
public final class ChallengeResponder implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private final Undertow server;

    private ChallengeResponder(Undertow server) {
        this.server = server;
    }

    /**
     * Starts listening; fails with a message naming the address when it cannot bind.
     */
    public static ChallengeResponder start(String host, int port, Http01Handler handler) throws IOException {
        String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        Undertow server = Undertow.builder()
                .addHttpListener(port, host, handler)
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setBufferSize(4096)
                .setDirectBuffers(false)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .setSocketOption(Options.READ_TIMEOUT, TIMEOUT_MILLIS)
                .setSocketOption(Options.WRITE_TIMEOUT, TIMEOUT_MILLIS)
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            throw new IOException(bindFailure(address, port, e), e);
        }
        return new ChallengeResponder(server);
    }

    private static String bindFailure(String address, int port, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof BindException)) {
            cause = cause.getCause();
        }
        String message = "cannot listen on " + address + " for HTTP-01 challenges: " + cause.getMessage();
        if (port < 1024) {
            message += " (ports below 1024 need root or the CAP_NET_BIND_SERVICE capability)";
        }
        return message;
    }

    @Override
    public void close() {
        server.stop();
    }
}
