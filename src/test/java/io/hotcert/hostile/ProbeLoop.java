package io.hotcert.hostile;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Probes one after the other on a thread of its own while an attack runs; at most {@code maxProbes}. */
final class ProbeLoop implements AutoCloseable {

    private final Probe probe;
    private final int maxProbes;
    private final Thread thread;
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private volatile boolean running = true;

    ProbeLoop(Probe probe, int maxProbes) {
        this.probe = probe;
        this.maxProbes = maxProbes;
        this.thread = new Thread(this::run, "probes");
        thread.start();
    }

    private void run() {
        while (running && probes.get() < maxProbes) {
            long start = System.nanoTime();
            boolean inTime = probe.answeredInTime();
            slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            answered.addAndGet(inTime ? 1 : 0);
            probes.incrementAndGet();
        }
    }

    int probes() {
        return probes.get();
    }

    int answered() {
        return answered.get();
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    String describe() {
        return answered() + " of " + probes() + " probes answered in time, slowest " + slowest().toMillis() + " ms";
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
