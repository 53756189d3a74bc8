package io.hotcert.hostile;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * What the web server's own threads cost while an attack runs, read in the test's JVM: CPU time
 * of the threads named "hotcert" (its IO and worker threads), heap and direct buffer memory.
 */
record ServerLoad(long cpuNanos, long wallNanos, long heapBytes, long directBytes, int threads) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static ServerLoad now() {
        long cpu = 0;
        int threads = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("hotcert")) {
                cpu += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
                threads++;
            }
        }
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new ServerLoad(cpu, System.nanoTime(), heap, direct, threads);
    }

    /** The server threads' share of one core since {@code before}, 1.0 being a core kept busy. */
    double coresSince(ServerLoad before) {
        return (double) (cpuNanos - before.cpuNanos) / Math.max(1, wallNanos - before.wallNanos);
    }

    String describeSince(ServerLoad before) {
        return String.format("server threads %d, %.2f cores over %d ms, heap %d MiB, direct buffers %d KiB",
                threads, coresSince(before), Duration.ofNanos(wallNanos - before.wallNanos).toMillis(),
                heapBytes >> 20, directBytes >> 10);
    }
}
