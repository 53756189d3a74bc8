package io.hotcert.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The JVM's memory by area (heap, non-heap), its threads and its garbage collections, named as
 * the Prometheus Java client names them. A collection's pause holds up requests that the
 * request histogram never sees, as they wait in the kernel meanwhile; its time shows here. The platform MXBeans read here need no MBean server, which hotcert keeps off.
 */
final class JvmMetrics {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    void writeTo(PrometheusText text) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        text.gauge("jvm_memory_used_bytes", "Memory the JVM uses now, by area.", byArea(heap, nonHeap,
                        MemoryUsage::getUsed))
                .gauge("jvm_memory_committed_bytes", "Memory the JVM has from the system, by area.",
                        byArea(heap, nonHeap, MemoryUsage::getCommitted))
                .gauge("jvm_memory_max_bytes", "The most memory the JVM may take, by area; -1 when unbounded.",
                        byArea(heap, nonHeap, MemoryUsage::getMax))
                .gauge("jvm_threads_current", "Live JVM threads, daemon or not.",
                        Optional.of((long) threads.getThreadCount()))
                .gauge("jvm_threads_daemon", "Live JVM daemon threads.",
                        Optional.of((long) threads.getDaemonThreadCount()))
                .gauge("jvm_threads_peak", "The most live JVM threads at once since the start.",
                        Optional.of((long) threads.getPeakThreadCount()))
                .summary("jvm_gc_collection_seconds", "Garbage collections and the seconds they took, by collector.",
                        "gc", collections());
    }

    private Map<String, PrometheusText.CountAndSum> collections() {
        var byCollector = new LinkedHashMap<String, PrometheusText.CountAndSum>();
        for (GarbageCollectorMXBean collector : collectors) {
            byCollector.put(collector.getName(), new PrometheusText.CountAndSum(collector.getCollectionCount(),
                    collector.getCollectionTime() / 1e3));
        }
        return byCollector;
    }

    private static List<PrometheusText.Sample> byArea(MemoryUsage heap, MemoryUsage nonHeap,
            ToLongFunction<MemoryUsage> figure) {
        return List.of(PrometheusText.Sample.of(Map.of("area", "heap"), figure.applyAsLong(heap)),
                PrometheusText.Sample.of(Map.of("area", "nonheap"), figure.applyAsLong(nonHeap)));
    }
}
