package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestBackend;
import io.hotcert.testing.TestServers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.SameThreadExecutor;

/**
 * A request that waited for a backend connection starts with it only once the exchange that gave
 * the connection back has finished completing, in a task of its own on the IO thread. Undertow's
 * pool hands the connection over from within that exchange's completion, and requests started
 * there stalled under load (see {@link WaitBoundProxyClient}).
 */
class WaitBoundProxyClientTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : closeAtEnd) {
            closeable.close();
        }
    }

    @Test
    void aWaiterStartsAfterTheExchangeThatReturnedItsConnectionHasCompleted() throws Exception {
        var backend = TestBackend.start(0);
        closeAtEnd.add(backend);
        var pool = new LoadBalancingProxyClient().setConnectionsPerThread(1).setMaxQueueSize(8);
        pool.addHost(URI.create("http://127.0.0.1:" + backend.port()));
        var waits = new BackendWaits();
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
        CompletableFuture<HttpResponse<String>> waits1 = getAsync(port, "/waits");
        await(() -> waits.waiting() == 1, "the second request waits for it");

        HttpServerExchange holding = holder.get();
        holding.getIoThread().execute(holding::endExchange);

        assertThat(holds.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(waits1.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(waiterStartedAfterIt.get()).as("the waiter started after the holder's completion had run").isTrue();
    }

    private CompletableFuture<HttpResponse<String>> getAsync(int port, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(LONG).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
