package io.hotcert.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.Await;

class StorageLockTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private StorageLock lock() {
        return new StorageLock(dir, new AtomicFiles(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theLockFileIsCreatedPrivateNamesTheHolderAndOutlivesTheLock() throws IOException {
        Path file;
        try (StorageLock.Held held = lock().acquire(Duration.ZERO, "renewal")) {
            file = held.file();
            assertThat(file).isEqualTo(dir.toRealPath().resolve(".lock"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(file).hasContent("pid=" + PID + "\npurpose=renewal\nsince=2026-11-21T10:00:00Z");
        }

        assertThat(file).exists();
    }

    @Test
    void aMissingStorageDirectoryIsCreated() throws IOException {
        var lock = new StorageLock(dir.resolve("var/lib/hotcert"), new AtomicFiles(), Clock.systemUTC());

        try (StorageLock.Held held = lock.acquire(Duration.ZERO, "renewal")) {
            assertThat(held.file()).exists();
        }
    }

    @Test
    void aSecondAcquisitionInThisProcessWaitsThenFailsNamingTheHolder() throws IOException {
        try (StorageLock.Held first = lock().acquire(Duration.ZERO, "renewal")) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> lock().acquire(Duration.ofMillis(300), "renew command"))
                    .isInstanceOf(StorageLockedException.class)
                    .hasMessage("another hotcert (pid " + PID + ", renewal since 2026-11-21T10:00:00Z) holds "
                            + first.file() + " (waited 300 ms); try again when it has finished");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void releasingLetsTheWaitingAcquisitionThrough() throws Exception {
        StorageLock.Held first = lock().acquire(Duration.ZERO, "renewal");
        var second = Waiter.start(lock(), Duration.ofSeconds(20));
        second.awaitWaiting();
        assertThat(second.acquired()).isNotDone();

        first.close();

        try (StorageLock.Held held = second.acquired().get(10, TimeUnit.SECONDS)) {
            assertThat(held.holder().purpose()).isEqualTo("second");
            assertThat(held.file()).hasContent("pid=" + PID + "\npurpose=second\nsince=2026-11-21T10:00:00Z");
        }
    }

    @Test
    void closingTwiceReleasesOnce() throws IOException {
        StorageLock.Held held = lock().acquire(Duration.ZERO, "renewal");
        held.close();
        held.close();

        try (StorageLock.Held again = lock().acquire(Duration.ZERO, "renewal")) {
            assertThatThrownBy(() -> lock().acquire(Duration.ZERO, "third")).isInstanceOf(StorageLockedException.class);
        }
    }

    @Test
    void anotherProcessHoldingTheLockKeepsThisOneOutUntilItExits() throws Exception {
        try (var holder = new HolderProcess(dir)) {
            assertThatThrownBy(() -> lock().acquire(Duration.ofMillis(300), "renewal"))
                    .isInstanceOf(StorageLockedException.class)
                    .hasMessageContaining("another hotcert (pid " + holder.pid() + ", test holder since ")
                    .hasMessageContaining(dir.toRealPath().resolve(".lock").toString())
                    .satisfies(e -> assertThat(((StorageLockedException) e).holder())
                            .hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(holder.pid())));

            var waiting = Waiter.start(lock(), Duration.ofSeconds(30));
            waiting.awaitWaiting();
            assertThat(waiting.acquired()).isNotDone();

            holder.endStdin(); // it exits without releasing: the kernel drops the lock with the process

            try (StorageLock.Held held = waiting.acquired().get(20, TimeUnit.SECONDS)) {
                // Its lock is gone once it has exited; its exit status may take a moment longer to be reaped.
                assertThat(holder.exitsWithin(Duration.ofSeconds(20))).isTrue();
                assertThat(held.holder().pid()).isEqualTo(PID);
            }
        }
    }

    @Test
    void aKilledHolderLeavesNoStaleLock() throws Exception {
        try (var holder = new HolderProcess(dir)) {
            holder.kill();

            try (StorageLock.Held held = lock().acquire(Duration.ofSeconds(5), "renewal")) {
                assertThat(held.holder().pid()).isEqualTo(PID);
            }
        }
    }

    @Test
    void aFailedSecondAttemptInThisProcessDoesNotLetAnotherProcessIn() throws Exception {
        try (StorageLock.Held held = lock().acquire(Duration.ZERO, "renewal")) {
            // With fcntl locks, a second open and close of the file here would silently drop the first lock.
            assertThatThrownBy(() -> lock().acquire(Duration.ofMillis(200), "renew command"))
                    .isInstanceOf(StorageLockedException.class);

            try (var holder = HolderProcess.startWaitingUpTo(dir, Duration.ofMillis(500))) {
                assertThat(holder.firstLine()).contains("StorageLockedException: another hotcert (pid " + PID
                        + ", renewal since 2026-11-21T10:00:00Z) holds " + held.file() + " (waited 500 ms)");
            }
        }
    }

    /** An acquisition on a thread of its own, so the test can see when it has started to wait. */
    private record Waiter(Thread thread, CompletableFuture<StorageLock.Held> acquired) {

        static Waiter start(StorageLock lock, Duration wait) {
            var acquired = new CompletableFuture<StorageLock.Held>();
            var thread = new Thread(() -> {
                try {
                    acquired.complete(lock.acquire(wait, "second"));
                } catch (IOException | RuntimeException e) {
                    acquired.completeExceptionally(e);
                }
            }, "storage-lock-waiter");
            thread.setDaemon(true);
            thread.start();
            return new Waiter(thread, acquired);
        }

        /**
         * Returns once the acquisition waits: its only timed waits are for this process's permit
         * and between two tries of the kernel's lock.
         */
        void awaitWaiting() throws InterruptedException {
            Await.until("the second acquisition waiting for the lock", Duration.ofSeconds(20),
                    () -> acquired.isDone() || thread.getState() == Thread.State.TIMED_WAITING);
        }
    }

    /** {@link HoldStorageLock} in a JVM of its own, on this JVM's class path. */
    private static final class HolderProcess implements AutoCloseable {

        private final Process process;
        private final BufferedReader stdout;

        private HolderProcess(Process process) {
            this.process = process;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Starts the holder and returns once it holds the lock. */
        HolderProcess(Path storageDir) throws IOException {
            this(start(storageDir, Duration.ofSeconds(10)));
            String line = firstLine();
            if (line == null || !line.equals("held " + process.pid())) {
                throw new IllegalStateException("the holder process did not take the lock: " + line + "\n" + output());
            }
        }

        /** Starts a holder that gives up after {@code wait}, without waiting for it. */
        static HolderProcess startWaitingUpTo(Path storageDir, Duration wait) throws IOException {
            return new HolderProcess(start(storageDir, wait));
        }

        private static Process start(Path storageDir, Duration wait) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            return new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), HoldStorageLock.class.getName(), storageDir.toString(),
                    Long.toString(wait.toMillis())))
                    .redirectErrorStream(true).start();
        }

        long pid() {
            return process.pid();
        }

        void endStdin() throws IOException {
            process.getOutputStream().close();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }

        boolean exitsWithin(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** What it said first: "held PID", or the first line of the exception it died of. */
        String firstLine() throws IOException {
            return stdout.readLine();
        }

        String output() throws IOException {
            var rest = new StringBuilder();
            for (String line; (line = stdout.readLine()) != null; ) {
                rest.append(line).append('\n');
            }
            return rest.toString();
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
