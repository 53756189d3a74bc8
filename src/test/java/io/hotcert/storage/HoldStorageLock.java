package io.hotcert.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A second process for {@link StorageLockTest}: takes the storage lock of the directory in
 * {@code args[0]}, waiting up to {@code args[1]} milliseconds for it, says "held PID" on stdout, and keeps it until its stdin ends. It then exits
 * without releasing the lock itself, to show that the kernel does.
 */
public final class HoldStorageLock {

    private HoldStorageLock() {
    }

    public static void main(String[] args) throws IOException {
        var lock = new StorageLock(Path.of(args[0]), new AtomicFiles(), Clock.systemUTC());
        StorageLock.Held held = lock.acquire(Duration.ofMillis(Long.parseLong(args[1])), "test holder");
        System.out.println("held " + held.holder().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold on until the test closes our stdin
        }
        System.exit(0);
    }
}
