package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.hotcert.crypto.KeyType;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.state.AttemptFile;

class AttemptHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    static final AttemptScope SCOPE = new AttemptScope(URI.create("https://ca.example.test/dir"),
            List.of("board1.example.test"), KeyType.EC_P256, Optional.empty());

    @TempDir
    Path storage;

    private AttemptHistory newHistory() {
        var history = new AttemptHistory(new AttemptFile(storage, new AtomicFiles()), SCOPE, new RetryBackoff(new SplittableRandom(1)));
        history.load();
        return history;
    }

    /** Records a failure at {@code at} and returns the failures in a row it makes. */
    private static int fail(AttemptHistory history, Instant at) throws IOException {
        return history.recordFailure(at, "order", "the CA cannot be reached: ConnectException", RetryAdvice.NONE)
                .consecutiveFailures();
    }

    @Test
    void failuresAreKeptInStorageDirAndAReloadGivesTheSameWait() throws IOException {
        var history = newHistory();
        fail(history, T0);
        fail(history, T0.plus(Duration.ofMinutes(2)));
        Attempt third = history.recordFailure(T0.plus(Duration.ofMinutes(5)), "HTTP-01 validation",
                "connection refused",
                new RetryAdvice(RetryAdvice.Harm.CA_SAW, false, Optional.of(T0.plus(Duration.ofHours(2)))));

        var reloaded = newHistory();

        assertThat(storage.resolve("state/renewal.json")).isRegularFile().isEqualTo(history.file());
        assertThat(reloaded.consecutiveFailures()).isEqualTo(3);
        assertThat(reloaded.nextAttemptAt()).contains(T0.plus(Duration.ofHours(2))).isEqualTo(third.nextAttemptAt());
        assertThat(reloaded.attempts()).isEqualTo(history.attempts()).hasSize(3);
        assertThat(reloaded.last()).contains(third);
        assertThat(third.step()).contains("HTTP-01 validation");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history.file()))).isEqualTo("rw-r--r--");
    }

    @Test
    void noAttemptMayStartBeforeTheRecordedTimeAndOneMayFromThen() throws IOException {
        var history = newHistory();
        assertThat(history.waitUntil(T0)).isEmpty();

        Instant next = history.recordFailure(T0, "order", "no", RetryAdvice.NONE).nextAttemptAt().orElseThrow();

        assertThat(history.waitUntil(next.minusMillis(1))).contains(next);
        assertThat(history.waitUntil(next)).isEmpty();
    }

    @Test
    void aSuccessResetsTheCountAndTheWait() throws IOException {
        var history = newHistory();
        fail(history, T0);
        fail(history, T0.plus(Duration.ofMinutes(3)));

        history.recordSuccess(T0.plus(Duration.ofMinutes(10)), List.of("tls-alpn-01"));
        var reloaded = newHistory();

        assertThat(reloaded.consecutiveFailures()).isZero();
        assertThat(reloaded.nextAttemptAt()).isEmpty();
        assertThat(reloaded.waitUntil(T0.plus(Duration.ofMinutes(10)))).isEmpty();
        assertThat(reloaded.last().orElseThrow().outcome()).isEqualTo(Attempt.Outcome.SUCCEEDED);
        assertThat(reloaded.last().orElseThrow().challenges()).containsExactly("tls-alpn-01");
        assertThat(fail(reloaded, T0.plus(Duration.ofHours(1)))).isEqualTo(1);
    }

    @Test
    void onlyTheLastTenAttemptsAreKeptButTheCountGoesOn() throws IOException {
        var history = newHistory();
        for (int i = 0; i < 15; i++) {
            fail(history, T0.plus(Duration.ofHours(i)));
        }

        var reloaded = newHistory();

        assertThat(reloaded.attempts()).hasSize(AttemptHistory.DEFAULT_KEEP);
        assertThat(reloaded.attempts().get(0).at()).isEqualTo(T0.plus(Duration.ofHours(5)));
        assertThat(reloaded.consecutiveFailures()).isEqualTo(15);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "not json at all", "{\"format\":1,\"attempts\":[{\"at\":\"2026-11-21T12:00:00Z\"",
            "{\"format\":2,\"attempts\":[]}", "{\"attempts\":[]}", "{\"format\":1,\"attempts\":{}}",
            "{\"format\":1,\"attempts\":[{\"at\":\"yesterday\",\"outcome\":\"failed\",\"consecutiveFailures\":1}]}",
            "{\"format\":1,\"attempts\":[{\"at\":\"2026-11-21T12:00:00Z\",\"outcome\":\"exploded\",\"consecutiveFailures\":1}]}",
            "{\"format\":1,\"attempts\":[{\"at\":\"2026-11-21T12:00:00Z\",\"outcome\":\"failed\",\"consecutiveFailures\":-1}]}",
            "{\"format\":1,\"attempts\":[{\"at\":\"2026-11-21T12:00:00Z\",\"outcome\":\"failed\",\"step\":3,\"consecutiveFailures\":1}]}"})
    void aCorruptFileIsAnEmptyHistoryWithOneWarningNamingIt(String content) throws IOException {
        Path file = storage.resolve("state/renewal.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);

        AttemptHistory history;
        String logs;
        try (var captured = new CapturedLogs()) {
            history = newHistory();
            logs = captured.text();
        }

        assertThat(history.attempts()).isEmpty();
        assertThat(history.waitUntil(T0)).isEmpty();
        assertThat(Pattern.compile(Pattern.quote(file.toString())).matcher(logs).results().count()).isEqualTo(1);
        assertThat(logs).contains("cannot read the renewal attempt history");
        assertThat(file).hasContent(content);

        fail(history, T0);
        assertThat(newHistory().consecutiveFailures()).isEqualTo(1);
    }

    /** What is logged when the history file holds {@code content}, which must be refused. */
    private String warningAbout(String content) throws IOException {
        Path file = storage.resolve("state/renewal.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);

        try (var captured = new CapturedLogs()) {
            assertThat(newHistory().attempts()).isEmpty();
            return captured.text();
        }
    }

    @Test
    void aFileThatIsNotJsonSaysWhereTheJsonGoesWrongWithoutNamingTheParser() throws IOException {
        assertThat(warningAbout("{\"format\":1,\"attempts\":[}")).contains("(not a JSON object (at character 25))")
                .doesNotContain("jose4j");
    }

    @Test
    void aFileWithoutAFormatNumberSaysSo() throws IOException {
        assertThat(warningAbout("{\"attempts\":[]}")).contains("(format is missing)");
    }

    @Test
    void aFileFarLargerThanAnyHistoryIsNotReadWhole() throws IOException {
        Path file = storage.resolve("state/renewal.json");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[1024 * 1024]);

        try (var captured = new CapturedLogs()) {
            assertThat(newHistory().attempts()).isEmpty();
            assertThat(captured.text()).contains(file.toString()).contains("larger than");
        }
    }

    @Test
    void messagesAreCutToOneShortLine() throws IOException {
        String longMessage = "line one\nline two\r\n\t" + "x".repeat(1000);

        Attempt attempt = newHistory().recordFailure(T0, "order\n", longMessage, RetryAdvice.NONE);
        String stored = newHistory().last().orElseThrow().message().orElseThrow();

        assertThat(stored).isEqualTo(attempt.message().orElseThrow()).hasSize(AttemptHistory.MESSAGE_LIMIT)
                .startsWith("line one line two x").endsWith("x…").doesNotContain("\n", "\r", "\t");
        assertThat(attempt.step()).contains("order");
        assertThat(AttemptHistory.oneLine(null)).isEqualTo("(no message)");
        assertThat(AttemptHistory.oneLine("😀".repeat(400))).hasSizeLessThanOrEqualTo(AttemptHistory.MESSAGE_LIMIT)
                .endsWith("😀…");
    }

    @Test
    void anAttemptThatNeverFinishedCountsAsAFailureAfterARestart() throws IOException {
        var before = newHistory();
        fail(before, T0);
        Instant start = before.nextAttemptAt().orElseThrow();
        before.recordStart(start);
        // The daemon dies here: no outcome is ever recorded.

        var after = newHistory();

        Attempt last = after.last().orElseThrow();
        assertThat(last.outcome()).isEqualTo(Attempt.Outcome.INTERRUPTED);
        assertThat(last.consecutiveFailures()).isEqualTo(2);
        assertThat(after.waitUntil(start.plusSeconds(1))).isPresent();
        assertThat(fail(after, last.nextAttemptAt().orElseThrow())).isEqualTo(3);
    }

    @Test
    void aStartedAttemptIsReplacedByItsOutcome() throws IOException {
        var history = new AttemptHistory(new AttemptFile(storage, new AtomicFiles()), SCOPE, new RetryBackoff(new SplittableRandom(1)),
                1);
        history.load();
        fail(history, T0);

        history.recordStart(T0.plus(Duration.ofHours(1)));
        Attempt failed = history.recordFailure(T0.plus(Duration.ofHours(1)), "finalize", "no", RetryAdvice.NONE);

        assertThat(history.attempts()).containsExactly(failed);
        assertThat(failed.consecutiveFailures()).isEqualTo(2);

        history.recordStart(T0.plus(Duration.ofHours(2)));
        Attempt succeeded = history.recordSuccess(T0.plus(Duration.ofHours(2)), List.of());

        assertThat(newHistory().attempts()).containsExactly(succeeded);
    }

    @Test
    void aClockBeforeTheLastAttemptWaitsTheRecordedDelayFromWhenItIsFirstSeen() throws IOException {
        // Recorded while the clock was years ahead; now it is right again.
        Instant wrongFuture = Instant.parse("2030-01-01T00:00:00Z");
        Attempt attempt = newHistory().recordFailure(wrongFuture, "order", "no",
                new RetryAdvice(RetryAdvice.Harm.CA_SAW, true, Optional.empty()));
        Duration recordedWait = Duration.between(wrongFuture, attempt.nextAttemptAt().orElseThrow());

        var history = newHistory();

        assertThat(history.waitUntil(T0)).contains(T0.plus(recordedWait));
        assertThat(history.waitUntil(T0.plus(recordedWait).minusSeconds(1))).contains(T0.plus(recordedWait));
        assertThat(history.waitUntil(T0.plus(recordedWait))).isEmpty();
    }

    @Test
    void aBoardThatBootsIn1970WaitsForTheRecordedTimeOnceTheClockIsSet() throws IOException {
        Instant next = newHistory()
                .recordFailure(T0, "order", "no", new RetryAdvice(RetryAdvice.Harm.CA_SAW, true, Optional.empty()))
                .nextAttemptAt().orElseThrow();
        var history = newHistory();

        assertThat(history.waitUntil(Instant.EPOCH.plusSeconds(5))).isPresent();
        // NTP answers: the recorded time counts again, not the wait counted from 1970.
        assertThat(history.waitUntil(T0.plus(Duration.ofMinutes(5)))).contains(next);
    }

    /** No network for hours, then a CA that answers: its first failure is treated as a first failure. */
    @Test
    void failuresThatSentTheCaNothingRetryWithinMinutesAndLeaveTheCasCountAlone() throws IOException {
        var history = newHistory();
        var nothingSent = new RetryAdvice(RetryAdvice.Harm.NOTHING_SENT, false, Optional.empty());
        Instant at = T0;
        for (int n = 0; n < 30; n++) {
            Attempt attempt = history.recordFailure(at, "account", "the name cannot be resolved", nothingSent);
            assertThat(Duration.between(at, attempt.nextAttemptAt().orElseThrow()))
                    .isLessThanOrEqualTo(RetryBackoff.NOTHING_SENT_CAP);
            at = attempt.nextAttemptAt().orElseThrow();
        }

        Attempt seen = history.recordFailure(at, "order", "serverInternal", RetryAdvice.NONE);

        assertThat(seen.consecutiveFailures()).isEqualTo(31);
        assertThat(seen.consecutiveCaFailures()).isEqualTo(1);
        assertThat(Duration.between(at, seen.nextAttemptAt().orElseThrow())).isLessThanOrEqualTo(RetryBackoff.FIRST);
        assertThat(newHistory().last()).contains(seen);
    }

    @Test
    void anotherCaNamesKeyTypeOrAccountStartsAFreshHistory() throws IOException {
        fail(newHistory(), T0);
        fail(newHistory(), T0.plusSeconds(90));
        var corrected = new AttemptScope(URI.create("https://acme.example.test/directory"),
                List.of("board1.example.test"), KeyType.EC_P256, Optional.empty());

        AttemptHistory history;
        try (var logs = new CapturedLogs()) {
            history = new AttemptHistory(new AttemptFile(storage, new AtomicFiles()), corrected,
                    new RetryBackoff(new SplittableRandom(1)));
            history.load();

            assertThat(logs.text()).contains("the recorded attempts were for CA https://ca.example.test/dir")
                    .contains("the configuration now says CA https://acme.example.test/directory");
        }

        assertThat(history.attempts()).isEmpty();
        assertThat(history.waitUntil(T0.plusSeconds(91))).isEmpty();
        assertThat(newHistory().consecutiveFailures()).as("the old scope's file, until replaced").isEqualTo(2);
        assertThat(new AttemptScope(URI.create("https://ca.example.test/dir"),
                List.of("www.board1.example.test", "board1.example.test"), KeyType.EC_P256, Optional.empty()))
                .hasToString(new AttemptScope(URI.create("https://ca.example.test/dir"),
                        List.of("board1.example.test", "www.board1.example.test"), KeyType.EC_P256, Optional.empty())
                        .toString());
    }

    /** A reload that changes the scope, and one that changes it back before the next attempt. */
    @Test
    void rescopingIsLikeARestartWithTheOtherScope() throws IOException {
        var history = newHistory();
        fail(history, T0);
        var otherNames = new AttemptScope(URI.create("https://ca.example.test/dir"),
                List.of("board1.example.test", "board2.example.test"), KeyType.EC_P256, Optional.empty());

        history.rescope(otherNames);

        assertThat(history.attempts()).isEmpty();
        assertThat(history.waitUntil(T0.plusSeconds(1))).isEmpty();
        history.rescope(SCOPE);
        assertThat(history.consecutiveFailures()).as("the file still holds this scope's failure").isEqualTo(1);
        assertThat(history.waitUntil(T0.plusSeconds(1))).isPresent();
    }

    @Test
    void aHistoryFromBeforeScopesWereKeptStillHoldsRenewalsBack() throws IOException {
        Files.createDirectories(storage.resolve("state"));
        Files.writeString(storage.resolve("state/renewal.json"), "{\"format\":1,\"attempts\":[{\"at\":\"" + T0
                + "\",\"outcome\":\"failed\",\"step\":\"order\",\"message\":\"no\",\"nextAttemptAt\":\""
                + T0.plus(Duration.ofHours(2)) + "\",\"consecutiveFailures\":7}]}");

        var history = newHistory();

        assertThat(history.waitUntil(T0.plusSeconds(1))).contains(T0.plus(Duration.ofHours(2)));
        assertThat(history.last().orElseThrow().consecutiveCaFailures()).isEqualTo(7);
    }

    @Test
    void whenTheFileCannotBeWrittenThisProcessStillWaits() throws IOException {
        Files.writeString(storage.resolve("state"), "a file where the directory should be");
        var history = newHistory();

        assertThatThrownBy(() -> fail(history, T0)).isInstanceOf(IOException.class);

        assertThat(history.consecutiveFailures()).isEqualTo(1);
        assertThat(history.waitUntil(T0.plusSeconds(1))).isPresent();
        assertThat(Files.readString(storage.resolve("state"), StandardCharsets.UTF_8)).startsWith("a file");
    }
}
