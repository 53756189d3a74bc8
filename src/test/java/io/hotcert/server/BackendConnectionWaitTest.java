package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.ServerLimits;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.Slow;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestServers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.SameThreadExecutor;

/**
 * A request waits for a backend connection only so long, and only with so many others; past
 * either bound it gets 503 at once, and the metrics' counters show the waits. The server runs one
 * IO thread, so {@code connectionsPerIoThread} is the whole pool.
 */
class BackendConnectionWaitTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BackendWaits waits = new BackendWaits();
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : closeAtEnd) {
            closeable.close();
        }
    }

    @Test
    void requestsBeyondTheWaitingLimitGet503AtOnceAndTheOthersAreServed() throws Exception {
        var backend = TestBackend.start(0);
        closeAtEnd.add(backend);
        int port = proxy(backend.port(), new BackendLimits(LONG, LONG, 1, 2));

        CompletableFuture<HttpResponse<String>> first = getAsync(port, "/slow?ms=800");
        await(() -> backend.connectionsSeen() == 1 && waits.waiting() == 0, "the first request holds the connection");
        List<CompletableFuture<HttpResponse<String>>> queued = List.of(getAsync(port, "/"), getAsync(port, "/"));
        await(() -> waits.waiting() == 2, "two requests wait for the connection");

        long started = System.nanoTime();
        HttpResponse<String> turnedAway = get(port, "/");

        assertThat(turnedAway.statusCode()).isEqualTo(503);
        assertThat(turnedAway.body()).isEqualTo(
                "503 Service Unavailable: the service behind this server is busy; try again shortly.\n");
        assertThat(turnedAway.headers().firstValue("Retry-After")).contains("1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(700));
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        for (var waiting : queued) {
            assertThat(waiting.get(20, TimeUnit.SECONDS).body()).isEqualTo(TestBackend.HELLO);
        }
        assertThat(waits.turnedAway()).isEqualTo(1);
        assertThat(waits.waiting()).isZero();
        assertThat(waits.waitedSeconds()).as("the two queued behind an 800 ms request").isGreaterThan(0.8);
    }

    /**
     * A request that waited for a backend connection starts with it only once the exchange that
     * gave it back has finished completing, in a task of its own on the IO thread: Undertow's pool
     * hands the connection over from within that exchange's completion, and requests started there
     * stalled under load (see {@link WaitBoundProxyClient}).
     */
    @Test
    void aWaiterStartsAfterTheExchangeThatReturnedItsConnectionHasCompleted() throws Exception {
        var backend = TestBackend.start(0);
        closeAtEnd.add(backend);
        var pool = new LoadBalancingProxyClient().setConnectionsPerThread(1).setMaxQueueSize(8);
        pool.addHost(URI.create("http://127.0.0.1:" + backend.port()));
        var proxyClient = new WaitBoundProxyClient(pool, new BackendLimits(LONG, LONG, 1, 8), waits);

        var holder = new AtomicReference<HttpServerExchange>();
        var holderCompleted = new AtomicBoolean();
        var waiterStartedAfterIt = new AtomicReference<Boolean>();
        HttpHandler handler = exchange -> {
            boolean holds = exchange.getRelativePath().equals("/holds");
            if (holds) {
                // Added before the pool's own listener, so it runs after it: completion runs them last first.
                exchange.addExchangeCompleteListener((done, next) -> {
                    holderCompleted.set(true);
                    next.proceed();
                });
            }
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> proxyClient.getConnection(
                    proxyClient.findTarget(exchange), exchange, new ProxyCallback<>() {
                        @Override
                        public void completed(HttpServerExchange connected, ProxyConnection connection) {
                            if (holds) {
                                holder.set(connected);
                            } else {
                                waiterStartedAfterIt.set(holderCompleted.get());
                                connected.endExchange();
                            }
                        }

                        @Override
                        public void failed(HttpServerExchange failed) {
                            failed.setStatusCode(502).endExchange();
                        }

                        @Override
                        public void couldNotResolveBackend(HttpServerExchange failed) {
                            failed.setStatusCode(503).endExchange();
                        }

                        @Override
                        public void queuedRequestFailed(HttpServerExchange failed) {
                            failed.setStatusCode(503).endExchange();
                        }
                    }, LONG.toMillis(), TimeUnit.MILLISECONDS));
        };
        int port = FreePort.pick();
        closeAtEnd.add(0, TestServers.http(port, handler));

        CompletableFuture<HttpResponse<String>> holds = getAsync(port, "/holds");
        await(() -> holder.get() != null, "the first request holds the only connection");
        CompletableFuture<HttpResponse<String>> waiting = getAsync(port, "/waits");
        await(() -> waits.waiting() == 1, "the second request waits for it");

        HttpServerExchange holding = holder.get();
        holding.getIoThread().execute(holding::endExchange);

        assertThat(holds.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(waiting.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(waiterStartedAfterIt.get()).as("the waiter started after the holder's completion had run").isTrue();
    }

    /**
     * With the daemon's bounds on connections and waits, 200 requests beyond a full pool (as from
     * two HTTP/2 clients) wait and are served. With 128 allowed to wait (as before), 72 of them got
     * 503 at once, and a client that asks again at once kept the proxy from serving anything.
     * The wait here is longer than the daemon's 5 s, so that a slow machine cannot turn it into 503s.
     */
    @Test
    void withTheDaemonsLimitsRequestsBeyondAFullPoolWaitAndAreServed() throws Exception {
        var backend = TestBackend.start(0);
        closeAtEnd.add(backend);
        var daemon = BackendLimits.DAEMON;
        int pool = daemon.connectionsPerIoThread();
        int beyond = 200;
        int port = proxyForMany(backend.port(),
                new BackendLimits(LONG, LONG, pool, daemon.maxWaiting()), pool + beyond);

        List<CompletableFuture<HttpResponse<String>>> held = getAllAsync(port, "/held", pool + beyond);
        await(() -> backend.heldRequests() == pool && waits.waiting() == beyond,
                pool + " requests at the backend and " + beyond + " waiting");

        backend.releaseHeld();
        for (var answer : held) {
            assertThat(answer.get(20, TimeUnit.SECONDS).body()).isEqualTo("held answer");
        }
        assertThat(waits.turnedAway()).isZero();
    }

    /** A proxy on one IO thread whose listener lets {@code clients} connections in from one address. */
    private int proxyForMany(int backendPort, BackendLimits limits, int clients) throws IOException {
        int port = FreePort.pick();
        var oneIoThreadManyConnections = new ServerLimits(1, 2, Duration.ofSeconds(5), Duration.ofSeconds(10),
                clients + 8);
        closeAtEnd.add(0, WebServer.start(oneIoThreadManyConnections, List.of(Endpoint.http("tests",
                new ListenAddress("127.0.0.1", port), BackendProxy.to(URI.create("http://127.0.0.1:" + backendPort),
                        limits, waits)))));
        return port;
    }

    private List<CompletableFuture<HttpResponse<String>>> getAllAsync(int port, String path, int count) {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(getAsync(port, path));
        }
        return answers;
    }

    @Test
    @Slow
    void aRequestThatWaitsPastTheBoundGets503WhileTheSlowOneFinishes() throws Exception {
        var backend = TestBackend.start(0);
        closeAtEnd.add(backend);
        int port = proxy(backend.port(), new BackendLimits(LONG, Duration.ofMillis(300), 1, 8));
        CompletableFuture<HttpResponse<String>> slow = getAsync(port, "/slow?ms=3000");
        await(() -> backend.connectionsSeen() == 1 && waits.waiting() == 0, "the slow request holds the connection");

        long started = System.nanoTime();
        HttpResponse<String> waited = get(port, "/");

        assertThat(waited.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(waits.turnedAway()).isEqualTo(1);
        assertThat(slow.get(20, TimeUnit.SECONDS).body()).startsWith("slow answer");
    }

    /**
     * A backend whose accept queue is full: the kernel drops the proxy's SYN and it retries after
     * 1 s, 3 s, 7 s... which is what a loaded {@code python3 -m http.server} (a queue of 5) does.
     */
    @Test
    void aBackendThatStopsAcceptingGets503AtTheWaitBoundNot504AtTheRequestBound() throws Exception {
        var full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeAtEnd.add(full);
        fillAcceptQueue(full.getLocalPort());
        int port = proxy(full.getLocalPort(), new BackendLimits(LONG, Duration.ofMillis(500), 32, 128));

        long started = System.nanoTime();
        HttpResponse<String> response = get(port, "/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000));
        assertThat(waits.turnedAway()).isEqualTo(1);
    }

    /** Connects until a connection is not established within 300 ms: the queue is full then. */
    private void fillAcceptQueue(int port) throws IOException {
        for (int i = 0; i < 16; i++) {
            var socket = new Socket();
            closeAtEnd.add(socket);
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            } catch (IOException e) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue of port " + port + " took 16 connections and is not full");
    }

    private int proxy(int backendPort, BackendLimits limits) throws IOException {
        int port = FreePort.pick();
        closeAtEnd.add(0, TestServers.http(port, BackendProxy.to(URI.create("http://127.0.0.1:" + backendPort),
                limits, waits)));
        return port;
    }

    private HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(LONG).build();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(int port, String path) {
        return client.sendAsync(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
