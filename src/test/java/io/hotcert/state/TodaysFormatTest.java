package io.hotcert.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.renewal.Attempt;
import io.hotcert.renewal.ClockAhead;
import io.hotcert.renewal.RecordedAttempts;
import io.hotcert.renewal.RenewalPlan;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * State files as hotcert wrote them before its JSON library changed (jose4j's json_simple escapes
 * {@code /} and wrote whole numbers as longs) still load: an upgrade must not forget the backoff,
 * the renewal plan or the clock's offset.
 */
class TodaysFormatTest {

    @TempDir
    Path storage;

    private StorageLayout layout() {
        return new StorageLayout(storage);
    }

    @Test
    void anAttemptHistoryLoads() throws Exception {
        write(layout().attempts(), "{\"format\":1,\"scope\":\"https:\\/\\/acme.example\\/dir a.example ec-p256\","
                + "\"attempts\":[{\"at\":\"2026-01-01T00:00:00Z\",\"outcome\":\"failed\",\"step\":\"order\","
                + "\"message\":\"see https:\\/\\/ca.example\\/limits\",\"nextAttemptAt\":\"2026-01-01T01:00:00Z\","
                + "\"consecutiveFailures\":1,\"consecutiveCaFailures\":1}]}\n");

        assertThat(new AttemptFile(storage, new AtomicFiles()).read()).contains(new RecordedAttempts(
                Optional.of("https://acme.example/dir a.example ec-p256"),
                List.of(new Attempt(Instant.parse("2026-01-01T00:00:00Z"), Attempt.Outcome.FAILED,
                        Optional.of("order"), Optional.of("see https://ca.example/limits"),
                        Optional.of(Instant.parse("2026-01-01T01:00:00Z")), 1, 1, List.of()))));
    }

    @Test
    void aRenewalPlanLoads() throws Exception {
        write(layout().renewalInfo(), "{\"format\":1,\"certificateId\":\"aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE\","
                + "\"serial\":\"87654321\",\"windowStart\":\"2026-02-01T00:00:00Z\","
                + "\"windowEnd\":\"2026-02-03T00:00:00Z\",\"renewAt\":\"2026-02-02T00:00:00Z\","
                + "\"explanation\":\"https:\\/\\/ca.example\\/why\",\"nextCheck\":\"2026-01-02T00:00:00Z\"}\n");

        assertThat(new RenewalInfoFile(storage, new AtomicFiles()).load()).contains(new RenewalPlan(
                "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", "87654321", Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-03T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"), Optional.of("https://ca.example/why")));
    }

    @Test
    void aClockOffsetLoads() throws Exception {
        write(layout().clockAhead(), "{\"format\":1,\"seenAt\":\"2027-01-01T00:00:00Z\","
                + "\"caTime\":\"2026-01-01T00:00:00Z\",\"serial\":\"0a\"}\n");

        assertThat(new ClockAheadFile(storage, new AtomicFiles()).load()).contains(new ClockAhead(
                Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), "0a"));
    }

    @Test
    void whatItWritesNowReadsBackTheSame() throws Exception {
        var file = new AttemptFile(storage, new AtomicFiles());
        var recorded = new RecordedAttempts(Optional.of("scope"), List.of(new Attempt(
                Instant.parse("2026-01-01T00:00:00Z"), Attempt.Outcome.SUCCEEDED, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 0, List.of("dns-01", "http-01"))));
        file.write(recorded);

        assertThat(file.read()).contains(recorded);
        assertThat(Files.readString(layout().attempts())).isEqualTo("{\"format\":1,\"scope\":\"scope\",\"attempts\":"
                + "[{\"at\":\"2026-01-01T00:00:00Z\",\"outcome\":\"succeeded\",\"consecutiveFailures\":0,"
                + "\"consecutiveCaFailures\":0,\"challenges\":[\"dns-01\",\"http-01\"]}]}\n");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
