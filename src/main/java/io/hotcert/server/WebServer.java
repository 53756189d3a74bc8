package io.hotcert.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import io.hotcert.config.ServerLimits;
import io.hotcert.tls.AlpnValidations;
import io.undertow.Undertow;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;

/**
 * The daemon's web server: its endpoints (the plain-HTTP port and the HTTPS listener) share one
 * fixed set of IO threads, one small pool of worker threads and one buffer pool, whatever the
 * number of connections.
 *
 * <p>Each endpoint's listener is built here, as Undertow's own builder would (HTTP/1.1, and for
 * HTTPS also HTTP/2 by ALPN), so that every accepted connection passes through hotcert's guards
 * first: a cap on connections per client address, and for HTTPS a deadline for the TLS
 * handshake. Endpoints are started one after the other, so that a port that cannot be bound is
 * named in the error.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /**
     * 16 KiB holds a whole TLS record, so reads and writes on HTTPS connections need one buffer
     * each; the pool keeps a few per thread, far less memory than a buffer per connection.
     */
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int BUFFERS_CACHED_PER_THREAD = 4;
    /**
     * Freed buffers kept for reuse beyond the threads' own (2 MiB at most). Without a shared pool
     * every buffer past a thread's four is released and a new one allocated; Undertow defers those
     * releases by 100 ms or more, so HTTP/2, which frames each response into many buffers at once,
     * held tens of megabytes of buffers waiting to be released.
     */
    private static final int BUFFERS_POOLED = 128;

    /** One endpoint: a socket per configured address, and the gate its requests pass for the drain. */
    private record Running(List<AcceptingChannel<StreamConnection>> channels, GracefulShutdownHandler gate) {
    }

    private final XnioWorker worker;
    private final List<Running> running;
    private boolean accepting = true;

    private WebServer(XnioWorker worker, List<Running> running) {
        this.worker = worker;
        this.running = running;
    }

    /** Binds every endpoint, in order; when one fails, those already started are stopped again. */
    public static WebServer start(ServerLimits limits, List<Endpoint> endpoints) throws IOException {
        return start(limits, endpoints, new ConnectionCounts());
    }

    /** @param connections where the listeners count open connections and those their limits ended */
    public static WebServer start(ServerLimits limits, List<Endpoint> endpoints, ConnectionCounts connections)
            throws IOException {
        return start(limits, endpoints, connections, BindAddresses.JDK_IPV6);
    }

    /** @param ipv6Available whether {@code ::} can be bound here, else {@code 0.0.0.0} is */
    static WebServer start(ServerLimits limits, List<Endpoint> endpoints, ConnectionCounts connections,
            BooleanSupplier ipv6Available) throws IOException {
        var binds = new BindAddresses(ipv6Available);
        var addresses = new ArrayList<List<BindAddresses.Bind>>();
        for (Endpoint endpoint : endpoints) {
            addresses.add(binds.of(endpoint.address()));
        }
        XnioWorker worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "hotcert")
                .set(Options.WORKER_IO_THREADS, limits.ioThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, limits.workerThreads())
                .set(Options.WORKER_TASK_MAX_THREADS, limits.workerThreads())
                .set(Options.TCP_NODELAY, true)
                .getMap());
        ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, BUFFERS_POOLED, BUFFERS_CACHED_PER_THREAD);
        var running = new ArrayList<Running>();
        var server = new WebServer(worker, running);
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            ConnectionCounts.Listener counts = connections.of(endpoint.tls().isPresent() ? ConnectionCounts.Scheme.HTTPS
                    : ConnectionCounts.Scheme.HTTP);
            var started = new Running(new ArrayList<>(), new GracefulShutdownHandler(endpoint.handler()));
            running.add(started);
            ListenerOptions options = endpoint.tls().map(tls -> ListenerOptions.https(worker.getIoThreadCount(), tls))
                    .orElseGet(() -> ListenerOptions.http(worker.getIoThreadCount()));
            var accept = new GuardedAcceptListener(endpoint.purpose(),
                    new ConnectionsPerAddress(limits.maxConnectionsPerAddress()),
                    openListener(endpoint, started.gate(), options, limits, worker, buffers, counts), counts);
            for (BindAddresses.Bind bind : addresses.get(i)) {
                try {
                    AcceptingChannel<StreamConnection> channel = worker.createStreamConnectionServer(bind.socket(), accept,
                            options.socket());
                    started.channels().add(channel);
                    channel.resumeAccepts();
                } catch (IOException | RuntimeException e) {
                    server.close();
                    throw new IOException(bindFailure(endpoint, bind, e), e);
                }
            }
            LOG.info("{} on {}{}", endpoint.purpose(), addresses.get(i).stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")), endpoint.tls()
                    .map(tls -> " (TLS 1.3/1.2 on the " + tls.engine() + " engine, h2 and http/1.1"
                            + (tls.validations().isPresent() ? ", acme-tls/1 for TLS-ALPN-01" : "") + ")").orElse(""));
        }
        return server;
    }

    /** What an accepted connection passes through: HTTP/1.1, or for HTTPS the TLS handoff and ALPN. */
    private static ChannelListener<StreamConnection> openListener(Endpoint endpoint, GracefulShutdownHandler gate,
            ListenerOptions options, ServerLimits limits, XnioWorker worker, ByteBufferPool buffers,
            ConnectionCounts.Listener counts) {
        var http = new HttpOpenListener(buffers, options.server());
        http.setRootHandler(gate);
        if (endpoint.tls().isEmpty()) {
            return http;
        }
        var http2 = new Http2OpenListener(buffers, options.server());
        http2.setRootHandler(new ConcurrentStreamLimit(gate, ListenerOptions.MAX_HTTP2_STREAMS, counts));
        // Undertow's builder weighs h2 at 10 against http/1.1's 0: a client offering both gets h2.
        var alpn = new AlpnOpenListener(buffers, options.server(), http).addProtocol(Http2OpenListener.HTTP2, http2,
                10);
        if (endpoint.tls().get().validations().isPresent()) {
            // Weighed below http/1.1; whether a handshake gets it is the validations' selector's call alone.
            alpn.addProtocol(AlpnValidations.ACME_TLS_1, new AcmeTlsListener(buffers, options.server()), -10);
        }
        var tls = new UndertowXnioSsl(worker.getXnio(), OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
                endpoint.tls().get().context());
        return new TlsHandoff(tls, endpoint.tls().get(), options.tls(), limits.handshakeTimeout(), Http2FrameGuard.before(alpn, counts),
                counts);
    }

    private static String bindFailure(Endpoint endpoint, BindAddresses.Bind bind, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof BindException)) {
            cause = cause.getCause();
        }
        String reason = String.valueOf(cause.getMessage());
        String message = "cannot listen on " + bind + " for " + endpoint.purpose() + ": " + reason;
        if (bind.socket().getPort() < 1024 && !reason.contains("in use")) {
            message += " (ports below 1024 need root or the CAP_NET_BIND_SERVICE capability)";
        }
        return message;
    }

    /**
     * Stops accepting connections, answers new requests on open connections with 503, and waits
     * up to {@code timeout} for the requests in flight to finish.
     *
     * @return whether every request in flight finished in time
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        for (Running endpoint : running) {
            endpoint.gate().shutdown();
        }
        stopAccepting();
        // Monotonic: a clock set by NTP during a drain must not cut it short or stretch it.
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean finished = true;
        for (Running endpoint : running) {
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            finished &= endpoint.gate().awaitShutdown(left);
        }
        return finished;
    }

    /** Closes the listening sockets; the connections already open carry on. */
    private synchronized void stopAccepting() {
        if (accepting) {
            accepting = false;
            running.forEach(endpoint -> endpoint.channels().forEach(IoUtils::safeClose));
        }
    }

    /** Closes every listener and connection at once, then the threads. */
    @Override
    public void close() {
        stopAccepting();
        worker.shutdownNow();
        try {
            worker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
