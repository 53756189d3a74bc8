package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.hotcert.config.ListenAddress;
import io.hotcert.testing.Await;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.Loopback;
import io.hotcert.testing.Slow;
import io.hotcert.testing.TestServers;
import io.undertow.server.HttpHandler;

class WebServerTest {

    private static final HttpHandler OK = exchange -> exchange.getResponseSender().send("ok");

    private static Endpoint http(String purpose, int port, HttpHandler handler) {
        return Endpoint.http(purpose, new ListenAddress("127.0.0.1", port), handler);
    }

    @Test
    void aPortInUseIsNamedWithWhatItWasFor() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> WebServer.start(TestServers.LIMITS, List.of(http("HTTPS", port, OK))))
                    .isInstanceOf(IOException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port + " for HTTPS: Address already in use");
        }
    }

    @Test
    void whenTheSecondEndpointCannotBindTheFirstIsReleasedAgain() throws IOException {
        int first = FreePort.pick();
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> WebServer.start(TestServers.LIMITS,
                    List.of(http("HTTP-01 challenges", first, OK), http("HTTPS", taken.getLocalPort(), OK))))
                    .hasMessageContaining("for HTTPS");
        }
        try (var again = new ServerSocket(first, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(first);
        }
    }

    @Test
    void oversizedRequestHeadsAreRefusedWithoutReachingTheHandler() throws Exception {
        int port = FreePort.pick();
        try (var server = TestServers.http(port, OK); var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            String huge = "X-Big: " + "a".repeat(20 * 1024) + "\r\n";
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n" + huge + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).doesNotContain("ok").satisfiesAnyOf(
                    text -> assertThat(text).isEmpty(),
                    text -> assertThat(text).startsWith("HTTP/1.1 4"));
        }
    }

    @Test
    @Slow
    void aClientTricklingItsRequestHeadIsCutOff() throws Exception {
        int port = FreePort.pick();
        try (var server = TestServers.http(port, OK); var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            InputStream in = socket.getInputStream();
            int firstByte = in.read();

            long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(firstByte).as("the server closes instead of answering").isEqualTo(-1);
            assertThat(waited).isBetween(5L, 25L);
        }
    }

    @Test
    void drainLetsARequestInFlightFinishAndRefusesNewConnections() throws Exception {
        int port = FreePort.pick();
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        HttpHandler held = exchange -> exchange.dispatch(() -> {
            entered.countDown();
            try {
                exchange.getResponseSender().send(release.await(20, TimeUnit.SECONDS) ? "finished" : "never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var server = WebServer.start(TestServers.LIMITS, List.of(http("tests", port, held)));
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> drain(server, Duration.ofSeconds(20)));
            Await.until("the drain refusing new connections", Duration.ofSeconds(20), () -> !Loopback.accepts(port));
            assertThat(drained).as("the drain waits for the request in flight").isNotDone();
            release.countDown();

            assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(answer.get(5, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("finished");
        } finally {
            server.close();
        }
    }

    @Test
    void drainGivesUpAtItsTimeout() throws Exception {
        int port = FreePort.pick();
        var entered = new CountDownLatch(1);
        HttpHandler hanging = exchange -> exchange.dispatch(entered::countDown);
        var server = WebServer.start(TestServers.LIMITS, List.of(http("tests", port, hanging)));
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(server.drain(Duration.ofMillis(300))).isFalse();
        } finally {
            server.close();
        }
    }

    private static boolean drain(WebServer server, Duration timeout) {
        try {
            return server.drain(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        }
    }
}
