package io.hotcert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMetricsTest {

    @TempDir
    Path proc;

    @Test
    void readsMemoryAndFileDescriptorsFromProcInBytesAndCounts() throws Exception {
        Files.writeString(proc.resolve("status"), """
                Name:\tjava
                VmPeak:\t 3000000 kB
                VmSize:\t 2500000 kB
                VmRSS:\t   41236 kB
                Threads:\t27
                """);
        Files.writeString(proc.resolve("limits"), """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             15422                15422                processes
                Max open files            1024                 524288               files
                """);
        Path fds = Files.createDirectory(proc.resolve("fd"));
        for (int fd = 0; fd < 7; fd++) {
            Files.createFile(fds.resolve(Integer.toString(fd)));
        }
        var text = new PrometheusText();

        new ProcessMetrics(proc).writeTo(text);

        assertThat(text.toString()).contains("\nprocess_resident_memory_bytes 42225664\n",
                "\nprocess_virtual_memory_bytes 2560000000\n", "\nprocess_open_fds 7\n", "\nprocess_max_fds 1024\n",
                "# TYPE process_cpu_seconds_total counter\n", "# TYPE process_start_time_seconds gauge\n");
        assertThat(text.toString()).containsPattern("\nprocess_cpu_seconds_total [0-9.E]+\n")
                .containsPattern("\nprocess_start_time_seconds 1[0-9]{9}\n");
    }

    @Test
    void leavesOutWhatProcDoesNotGiveAndUnlimitedFiles() throws Exception {
        Files.writeString(proc.resolve("limits"), "Max open files            unlimited            unlimited            files\n");
        var text = new PrometheusText();

        new ProcessMetrics(proc).writeTo(text);

        assertThat(text.toString()).contains("# TYPE process_resident_memory_bytes gauge\n",
                "# TYPE process_max_fds gauge\n", "# TYPE process_open_fds gauge\n")
                .doesNotContainPattern("(?m)^process_(resident|virtual|open|max)");
    }

    @Test
    void theRealProcOfThisJvmGivesEveryFigure() {
        var text = new PrometheusText();

        new ProcessMetrics().writeTo(text);

        assertThat(text.toString()).containsPattern("(?m)^process_resident_memory_bytes [1-9][0-9]+$")
                .containsPattern("(?m)^process_open_fds [1-9][0-9]*$").containsPattern("(?m)^process_max_fds [1-9]");
    }
}
