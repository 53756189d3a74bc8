package io.hotcert.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard {@code process_*} families every Prometheus client exposes, so that the usual
 * dashboards and alerts work: memory, file descriptors, CPU time and start time. Memory and file
 * descriptors come from Linux's {@code /proc/self}; a figure it does not give is left out.
 */
final class ProcessMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessMetrics.class);
    private static final long KIB = 1024;

    private final Path procSelf;

    ProcessMetrics() {
        this(Path.of("/proc/self"));
    }

    ProcessMetrics(Path procSelf) {
        this.procSelf = procSelf;
    }

    void writeTo(PrometheusText text) {
        ProcessHandle.Info process = ProcessHandle.current().info();
        List<String> status = lines("status");
        text.counter("process_cpu_seconds_total", "User and system CPU time the process spent, in seconds.",
                        process.totalCpuDuration().map(cpu -> PrometheusText.Sample.of(Map.of(), seconds(cpu)))
                                .stream().toList())
                .gauge("process_start_time_seconds", "When the process started, in Unix time.",
                        process.startInstant().map(start -> start.getEpochSecond()))
                .gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                        kibibytes(status, "VmRSS:").map(kib -> kib * KIB))
                .gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                        kibibytes(status, "VmSize:").map(kib -> kib * KIB))
                .gauge("process_open_fds", "Open file descriptors.", openFds())
                .gauge("process_max_fds", "The limit of open file descriptors.", maxFds());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** A line of /proc/self/status such as {@code VmRSS:     41236 kB}. */
    private static Optional<Long> kibibytes(List<String> status, String field) {
        return status.stream().filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.substring(field.length()).replace("kB", "").strip())).findFirst();
    }

    /** The soft limit, as {@code Max open files  1024  524288  files}; none when unlimited. */
    private Optional<Long> maxFds() {
        return lines("limits").stream().filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).strip().split("\\s+")[0])
                .filter(soft -> soft.chars().allMatch(Character::isDigit)).map(Long::parseLong).findFirst();
    }

    private Optional<Long> openFds() {
        try (Stream<Path> fds = Files.list(procSelf.resolve("fd"))) {
            return Optional.of(fds.count());
        } catch (IOException e) {
            LOG.debug("metrics: cannot count open files: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private List<String> lines(String file) {
        try {
            return Files.readAllLines(procSelf.resolve(file));
        } catch (IOException e) {
            // Not Linux, or /proc not mounted: those figures are left out, at every scrape, without a complaint.
            LOG.debug("metrics: cannot read {}: {}", procSelf.resolve(file), e.getMessage());
            return List.of();
        }
    }
}
