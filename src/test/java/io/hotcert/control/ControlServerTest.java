package io.hotcert.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @TempDir
    Path dir;

    private final ControlClient client = new ControlClient(Duration.ofSeconds(10));
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : closeAtEnd) {
            closeable.close();
        }
    }

    @Test
    void renewRoundTripCarriesForceEveryProgressLineInOrderAndTheExitCode() throws IOException {
        var handler = new ScriptedHandler();
        handler.renewal = (force, progress) -> {
            progress.accept("ordering for example.org");
            progress.accept("validating example.org");
            progress.accept("stored set 20261121-1\nswapped");
            return new Reply(0, "renewed (forced: " + force + ")", Map.of("serial", "0a1b"));
        };
        Path socket = start(handler).socket();

        List<String> progress = new ArrayList<>();
        Optional<Reply> reply = client.send(socket, Request.renew(true), progress::add);

        assertThat(progress).containsExactly("ordering for example.org", "validating example.org",
                "stored set 20261121-1\nswapped");
        assertThat(reply).contains(new Reply(0, "renewed (forced: true)", Map.of("serial", "0a1b")));
    }

    @Test
    void aDryRunReachesTheHandlersDryRunNeverARenewal() throws IOException {
        var handler = new ScriptedHandler();
        handler.renewal = (force, progress) -> Reply.of(1, "renewed for real");
        handler.dryRun = progress -> {
            progress.accept("trial order");
            return Reply.of(0, "dry run issued serial 0a");
        };
        Path socket = start(handler).socket();

        List<String> progress = new ArrayList<>();
        Optional<Reply> reply = client.send(socket, Request.renewDryRun(), progress::add);

        assertThat(progress).containsExactly("trial order");
        assertThat(reply).contains(Reply.of(0, "dry run issued serial 0a"));
    }

    @Test
    void theHandlersExitCodeReachesTheClientUnchanged() throws IOException {
        var handler = new ScriptedHandler();
        handler.renewal = (force, progress) -> Reply.of(75, "CA unreachable; try again later");
        Path socket = start(handler).socket();

        assertThat(client.send(socket, Request.renew(false), line -> { })).contains(Reply.of(75, "CA unreachable; try again later"));
    }

    @Test
    void statusReturnsItsPayloadWithNestedValuesAndNulls() throws IOException {
        var payload = new java.util.LinkedHashMap<String, Object>();
        payload.put("domains", List.of("example.org", "www.example.org"));
        payload.put("liveSet", null);
        payload.put("certificate", Map.of("secondsLeft", 7776000L, "names", List.of("example.org")));
        payload.put("renewalDue", true);
        var handler = new ScriptedHandler();
        handler.status = new Reply(0, "due now: no certificate yet", payload);
        Path socket = start(handler).socket();

        Reply reply = client.send(socket, Request.status(), line -> { }).orElseThrow();

        assertThat(reply.exit()).isZero();
        assertThat(reply.message()).isEqualTo("due now: no certificate yet");
        assertThat(reply.payload()).containsExactlyEntriesOf(payload);
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingIt() throws IOException {
        Path socket = start(new ScriptedHandler()).socket();

        Reply reply = client.send(socket, new Request("frobnicate", false), line -> { }).orElseThrow();

        assertThat(reply.exit()).isEqualTo(2);
        assertThat(reply.message()).contains("\"frobnicate\"", "renew", "status");
    }

    @Test
    void malformedRequestsAreUsageErrorsAndTheServerServesOn() throws IOException {
        Path socket = start(new ScriptedHandler()).socket();

        assertThat(rawExchange(socket, "not json\n")).singleElement().asString()
                .startsWith("{\"exit\":2,").contains("not one JSON object");
        assertThat(rawExchange(socket, "{\"command\":\"renew\",\"dryrun\":true}\n")).singleElement().asString()
                .contains("unknown request field \\\"dryrun\\\"");
        assertThat(rawExchange(socket, "{\"command\":\"renew\",\"dryRun\":1}\n")).singleElement().asString()
                .contains("\\\"dryRun\\\" must be true or false");
        assertThat(rawExchange(socket, "{\"command\":\"renew\",\"force\":\"yes\"}\n")).singleElement().asString()
                .contains("\\\"force\\\" must be true or false");
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);
    }

    @Test
    void requestsThatAreNotOneJsonObjectAreRefusedInWordsWithoutJavaClassNames() throws IOException {
        Path socket = start(new ScriptedHandler()).socket();

        assertThat(refusal(socket, "not json")).isEqualTo(
                "bad request: request is not one JSON object: unexpected character 'n' at character 1: not json");
        assertThat(refusal(socket, "[\"status\"]")).isEqualTo("bad request: request is not one JSON object: it is a"
                + " list, e.g. {\"command\":\"status\"} would be one: [\"status\"]");
        assertThat(refusal(socket, "\"status\"")).contains("it is the text \"status\"");
        assertThat(refusal(socket, "42")).contains("it is the value 42");
        assertThat(refusal(socket, "{\"command\":")).contains("the line ends before the JSON does");
        assertThat(refusal(socket, "{\"command\":\"status\"}}")).contains("unexpected '}' at character");
        assertThat(refusal(socket, "{\"command\":\"status\",\"command\":\"renew\"}"))
                .contains("the name \"command\" appears twice");
        for (String bad : List.of("not json", "[1]", "\"x\"", "null", "{\"command\":", "{:}", "{\"command\":[}", "}")) {
            assertThat(refusal(socket, bad)).as(bad).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]|Exception");
        }
    }

    @Test
    void aRequestLineOverTheLimitIsRefusedWithoutReadingItAll() throws IOException {
        Path socket = start(new ScriptedHandler()).socket();

        String oversized = "{\"command\":\"status\",\"x\":\"" + "x".repeat(5000) + "\"}\n";

        assertThat(rawExchange(socket, oversized)).singleElement().asString()
                .startsWith("{\"exit\":2,").contains("longer than 4096 bytes");
    }

    @Test
    void aHandlerThatThrowsIsAFailureForTheClientAndTheServerServesOn() throws IOException {
        var handler = new ScriptedHandler();
        handler.renewal = (force, progress) -> {
            throw new IllegalStateException("bug");
        };
        Path socket = start(handler).socket();

        Reply reply = client.send(socket, Request.renew(false), line -> { }).orElseThrow();

        assertThat(reply.exit()).isEqualTo(1);
        assertThat(reply.message()).isEqualTo("the daemon failed to renew because of an internal error (bug); its log"
                + " has the details");
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);
    }

    @Test
    void theSocketFileHasMode0660AndNothingElseIsLeftInItsDirectory() throws IOException {
        Path socket = start(new ScriptedHandler()).socket();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        assertThat(dir.toFile().list()).containsExactly("control.sock");
    }

    @Test
    void aMissingDirectoryIsCreated() throws IOException {
        Path socket = dir.resolve("run/hotcert/control.sock");

        try (var server = ControlServer.start(socket, new ScriptedHandler())) {
            assertThat(client.send(server.socket(), Request.status(), line -> { })).isPresent();
        }
    }

    @Test
    void closeRemovesTheSocketFileAndThenNoDaemonAnswers() throws IOException {
        Path socket;
        try (var server = ControlServer.start(dir.resolve("control.sock"), new ScriptedHandler())) {
            socket = server.socket();
            assertThat(socket).exists();
        }

        assertThat(socket).doesNotExist();
        assertThat(client.send(socket, Request.status(), line -> { })).isEmpty();
    }

    @Test
    void closeLeavesASocketFileThatIsNoLongerItsOwn() throws IOException {
        var server = ControlServer.start(dir.resolve("control.sock"), new ScriptedHandler());
        Files.delete(server.socket());
        Files.writeString(server.socket(), "someone else's");

        server.close();

        assertThat(server.socket()).hasContent("someone else's");
    }

    @Test
    void aStaleSocketFileFromACrashedDaemonIsReplaced() throws IOException {
        Path socket = dir.resolve("control.sock");
        try (var crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a crash does
        }
        assertThat(socket).exists();

        start(new ScriptedHandler());

        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    }

    @Test
    void aSecondServerOnTheSamePathIsRefusedAndTheFirstServesOn() throws IOException {
        var first = start(new ScriptedHandler());

        assertThatThrownBy(() -> ControlServer.start(first.socket(), new ScriptedHandler()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already running")
                .hasMessageContaining(first.socket().toString());

        assertThat(client.send(first.socket(), Request.status(), line -> { })).map(Reply::exit).contains(0);
    }

    @Test
    void aFileThatIsNotASocketIsNeitherDeletedNorReplaced() throws IOException {
        Path socket = dir.resolve("control.sock");
        Files.writeString(socket, "not a socket");

        assertThatThrownBy(() -> ControlServer.start(socket, new ScriptedHandler()))
                .hasMessageContaining(socket.toString())
                .hasMessageContaining("is not a socket");

        assertThat(socket).hasContent("not a socket");
    }

    @Test
    void aPathTooLongForAUnixSocketIsRefusedNamingTheLimit() {
        Path socket = dir.resolve("d".repeat(120) + ".sock");

        assertThatThrownBy(() -> ControlServer.start(socket, new ScriptedHandler()))
                .hasMessageContaining(socket.toString())
                .hasMessageContaining("at most 106")
                .hasMessageContaining("control.socket");
    }

    @Test
    void noDaemonMeansAnEmptyAnswerForAMissingFileAndForAStaleOne() throws IOException {
        Path missing = dir.resolve("missing.sock");
        Path stale = dir.resolve("stale.sock");
        try (var crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(stale));
        }

        assertThat(client.send(missing, Request.status(), line -> { })).isEmpty();
        assertThat(client.send(stale, Request.status(), line -> { })).isEmpty();
    }

    @Test
    void oneSilentClientDoesNotDelayAnotherRequest() throws IOException {
        Path socket = start(new ScriptedHandler(), new ControlLimits(4096, Duration.ofSeconds(30), Duration.ofSeconds(5), 256)).socket();
        closeAtEnd.add(connectSilently(socket));

        long started = System.nanoTime();
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void silentClientsOnBothThreadsAreCutOffAfterTheRequestTimeout() throws IOException {
        Path socket = start(new ScriptedHandler(), new ControlLimits(4096, Duration.ofMillis(500), Duration.ofSeconds(5), 256)).socket();
        SocketChannel first = connectSilently(socket);
        SocketChannel second = connectSilently(socket);
        closeAtEnd.add(first);
        closeAtEnd.add(second);

        long started = System.nanoTime();
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(readAll(first)).singleElement().asString().contains("\"exit\":2").contains("no complete line within 500 ms");
        assertThat(readAll(second)).singleElement().asString().contains("\"exit\":2");
    }

    @Test
    void aStatusIsAnsweredWithinASecondWhileSixtyIdleClientsHoldConnections() throws IOException {
        Path socket = start(new ScriptedHandler(), new ControlLimits(4096, Duration.ofSeconds(30), Duration.ofSeconds(5), 256))
                .socket();
        for (int i = 0; i < 60; i++) {
            closeAtEnd.add(connectSilently(socket));
        }

        long started = System.nanoTime();
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    /** Clients that connect without waiting (non-blocking, as many tools do) must not find the queue full. */
    @Test
    void twoHundredImpatientClientsAreAllAcceptedAndAnswered() throws IOException {
        Path socket = start(new ScriptedHandler()).socket();
        List<SocketChannel> connected = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            closeAtEnd.add(channel);
            channel.configureBlocking(false);
            try {
                if (channel.connect(UnixDomainSocketAddress.of(socket))) {
                    connected.add(channel);
                } else {
                    refused++;
                }
            } catch (IOException e) {
                refused++;
            }
        }

        assertThat(refused).as("connections refused at once (EAGAIN)").isZero();
        long started = System.nanoTime();
        for (SocketChannel channel : connected) {
            channel.configureBlocking(true);
            channel.write(ByteBuffer.wrap("{\"command\":\"status\"}\n".getBytes(StandardCharsets.UTF_8)));
        }
        for (SocketChannel channel : connected) {
            assertThat(readAll(channel)).singleElement().asString().startsWith("{\"exit\":0,");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aConnectionBeyondTheLimitIsToldTheDaemonIsBusyAtOnce() throws IOException {
        Path socket = start(new ScriptedHandler(), new ControlLimits(4096, Duration.ofSeconds(30), Duration.ofSeconds(5), 3))
                .socket();
        for (int i = 0; i < 3; i++) {
            closeAtEnd.add(connectSilently(socket));
        }

        long started = System.nanoTime();
        Reply reply = client.send(socket, Request.status(), line -> { }).orElseThrow();

        assertThat(reply).isEqualTo(Reply.of(75, "the daemon is busy: 3 control connections are open; try again in a"
                + " moment"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theBusyReplyIsReadEvenWhenTheDaemonClosedBeforeTheRequestWasWritten() throws IOException {
        Path socket = start(new ScriptedHandler(), new ControlLimits(4096, Duration.ofSeconds(30), Duration.ofSeconds(5), 1))
                .socket();
        closeAtEnd.add(connectSilently(socket));

        // The daemon writes "busy" and closes at accept; whether that comes before or after the
        // client writes its request is a race, lost often enough in a few hundred tries.
        for (int i = 0; i < 300; i++) {
            assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).as("try %d", i).contains(75);
        }
    }

    @Test
    void aStatusIsAnsweredWhileARenewalIsInFlight() throws Exception {
        var renewal = new HeldRenewal();
        var handler = new ScriptedHandler();
        handler.renewal = renewal;
        Path socket = start(handler).socket();
        CompletableFuture<Reply> renewed = sendInBackground(socket, Request.renew(false));
        renewal.awaitStarted();

        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);

        renewal.finish();
        assertThat(renewed.get(10, TimeUnit.SECONDS).message()).isEqualTo("renewed");
    }

    @Test
    void aClientThatLeavesMidRenewalDoesNotStopTheRenewal() throws Exception {
        var clientGone = new CountDownLatch(1);
        var handlerDone = new CountDownLatch(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        var handler = new ScriptedHandler();
        handler.renewal = (force, progress) -> {
            progress.accept("first");
            await(clientGone);
            for (int i = 0; i < 1000; i++) {
                progress.accept("line " + i + " " + "x".repeat(1000)); // more than the socket buffer holds
            }
            delivered.add("finished");
            handlerDone.countDown();
            return Reply.of(0, "renewed");
        };
        Path socket = start(handler).socket();
        try (SocketChannel leaving = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            leaving.write(ByteBuffer.wrap("{\"command\":\"renew\",\"force\":false}\n".getBytes(StandardCharsets.UTF_8)));
            leaving.read(ByteBuffer.allocate(64));
        }
        clientGone.countDown();

        assertThat(handlerDone.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(delivered).containsExactly("finished");
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeoutAndTheRenewalGoesOn() throws Exception {
        var handlerDone = new CountDownLatch(1);
        var handler = new ScriptedHandler();
        handler.renewal = (force, progress) -> {
            for (int i = 0; i < 1000; i++) {
                progress.accept("line " + i + " " + "x".repeat(1000));
            }
            handlerDone.countDown();
            return Reply.of(0, "renewed");
        };
        Path socket = start(handler, new ControlLimits(4096, Duration.ofSeconds(5), Duration.ofMillis(300), 256)).socket();
        SocketChannel notReading = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        closeAtEnd.add(notReading);

        notReading.write(ByteBuffer.wrap("{\"command\":\"renew\",\"force\":false}\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(handlerDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.send(socket, Request.status(), line -> { })).map(Reply::exit).contains(0);
    }

    @Test
    void closingTheServerMidRenewalEndsTheClientWithAnErrorNamingTheSocket() throws Exception {
        var renewal = new HeldRenewal();
        var handler = new ScriptedHandler();
        handler.renewal = renewal;
        var server = start(handler);
        CompletableFuture<Reply> renewed = sendInBackground(server.socket(), Request.renew(false));
        renewal.awaitStarted();

        server.close();
        renewal.finish();

        assertThatThrownBy(() -> renewed.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IOException.class)
                .hasMessageContaining(server.socket().toString())
                .hasMessageContaining("before its final reply");
    }

    /** The message of the usage error a raw request line gets. */
    private static String refusal(Path socket, String line) throws IOException {
        Map<String, Object> reply = Json.parseObject(rawExchange(socket, line + "\n").get(0), "reply");
        assertThat(reply).containsEntry("exit", 2L);
        return (String) reply.get("message");
    }

    private ControlServer start(ControlHandler handler) throws IOException {
        return start(handler, ControlLimits.defaults());
    }

    private ControlServer start(ControlHandler handler, ControlLimits limits) throws IOException {
        var server = ControlServer.start(dir.resolve("control.sock"), handler, limits);
        closeAtEnd.add(0, server);
        return server;
    }

    private static SocketChannel connectSilently(Path socket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    /** Sends {@code bytes} as they are and returns every line of the answer. */
    private static List<String> rawExchange(Path socket, String bytes) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(bytes.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return readAll(channel);
        }
    }

    private static List<String> readAll(SocketChannel channel) throws IOException {
        var all = new java.io.ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer.clear()) >= 0) {
            all.write(buffer.array(), 0, buffer.position());
        }
        return all.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not get there in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Reply> sendInBackground(Path socket, Request request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.send(socket, request, line -> { }).orElseThrow();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    @FunctionalInterface
    interface Renewal {
        Reply renew(boolean force, Consumer<String> progress);
    }

    /** A renewal that reports one step, then waits until the test lets it finish. */
    static final class HeldRenewal implements Renewal {

        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch finish = new CountDownLatch(1);

        @Override
        public Reply renew(boolean force, Consumer<String> progress) {
            progress.accept("ordering");
            started.countDown();
            await(finish);
            return Reply.of(0, "renewed");
        }

        void awaitStarted() {
            await(started);
        }

        void finish() {
            finish.countDown();
        }
    }

    /** A daemon stand-in whose answers each test sets. */
    static final class ScriptedHandler implements ControlHandler {

        Renewal renewal = (force, progress) -> Reply.of(0, "not due");
        Function<Consumer<String>, Reply> dryRun = progress -> Reply.of(0, "dry run done");
        Reply status = Reply.of(0, "fine");

        @Override
        public Reply renew(boolean force, Consumer<String> progress) {
            return renewal.renew(force, progress);
        }

        @Override
        public Reply dryRun(Consumer<String> progress) {
            return dryRun.apply(progress);
        }

        @Override
        public Reply status() {
            return status;
        }
    }
}
