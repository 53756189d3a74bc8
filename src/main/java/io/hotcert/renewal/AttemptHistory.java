package io.hotcert.renewal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last renewal attempts and when the next one may start, kept in
 * {@code storage.dir/state/renewal.json} so that the wait survives a restart: a daemon that
 * crash-loops, or a board that reboots every few minutes, must not contact the CA at every start.
 *
 * <p>An attempt is recorded as interrupted when it starts ({@link #recordStart}) and replaced by
 * its outcome when it ends. So an attempt that crashes the daemon counts as a failure too, and
 * the next start waits for it like for any other.
 *
 * <p>Memory is updated before the file: when the file cannot be written, this process still
 * waits, and the record methods throw after that.
 */
public final class AttemptHistory {

    public static final int DEFAULT_KEEP = 10;
    /** Enough for the CA's problem detail; short enough for a status line and a small file. */
    public static final int MESSAGE_LIMIT = 300;

    private static final String INTERRUPTED = "hotcert stopped before the attempt finished";

    private static final Logger LOG = LoggerFactory.getLogger(AttemptHistory.class);

    private final AttemptStore file;
    /** Changed by {@link #rescope} when a reload configures another CA, names, key type or account. */
    private String scope;
    private final RetryBackoff backoff;
    private final int keep;
    private final List<Attempt> attempts = new ArrayList<>();
    /** The last attempt was started by this process and is still running. */
    private boolean running;
    /** While running: the failures in a row before it, which trimming may have removed from the list. */
    private int failuresBeforeRunning;
    private int caFailuresBeforeRunning;
    private Optional<Instant> dueDespiteClock = Optional.empty();

    public AttemptHistory(AttemptStore file, AttemptScope scope, RetryBackoff backoff) {
        this(file, scope, backoff, DEFAULT_KEEP);
    }

    /** @param keep how many attempts to keep, at least 1 */
    public AttemptHistory(AttemptStore file, AttemptScope scope, RetryBackoff backoff, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        }
        this.file = file;
        this.scope = scope.toString();
        this.backoff = backoff;
        this.keep = keep;
    }

    public Path file() {
        return file.file();
    }

    /**
     * Reads the file, replacing what this instance held. A missing file is an empty history; an
     * unreadable or corrupt one is too, with a warning, and is replaced at the next record: a
     * daemon that cannot start over a bad state file would never renew again. A history for
     * another {@link AttemptScope} is left out too: it is replaced at the next record.
     */
    public synchronized void load() {
        attempts.clear();
        running = false;
        dueDespiteClock = Optional.empty();
        try {
            file.read().ifPresent(this::keepIfInScope);
        } catch (IOException | RuntimeException e) {
            attempts.clear();
            LOG.warn("{}: cannot read the renewal attempt history ({}); starting with an empty one, "
                    + "replaced at the next attempt", file.file(), reason(e));
        }
    }

    /**
     * A reloaded configuration's scope: as after a restart with it, the file is read again, and
     * what it holds for another scope no longer holds renewals back. Call it between attempts.
     */
    public synchronized void rescope(AttemptScope next) {
        String text = next.toString();
        if (!text.equals(scope)) {
            scope = text;
            load();
        }
    }

    private void keepIfInScope(RecordedAttempts content) {
        if (content.scope().filter(recorded -> !recorded.equals(scope)).isPresent()) {
            LOG.info("{}: the recorded attempts were for {}; the configuration now says {}: earlier failures no"
                    + " longer hold renewals back", file.file(), content.scope().get(), scope);
            return;
        }
        attempts.addAll(content.attempts());
    }

    /** The file system's reason without the path again, which the warning names already. */
    private static String reason(Exception e) {
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    }

    /**
     * Records that an attempt starts now, as interrupted and followed by the backoff's wait, until
     * {@link #recordFailure} or {@link #recordSuccess} gives its outcome.
     */
    public synchronized Attempt recordStart(Instant at) throws IOException {
        failuresBeforeRunning = finishedFailures();
        caFailuresBeforeRunning = finishedCaFailures();
        int failures = failuresBeforeRunning + 1;
        // Whether a request got out before the crash is unknown: counted as one the CA saw.
        int caFailures = caFailuresBeforeRunning + 1;
        Attempt attempt = new Attempt(at, Attempt.Outcome.INTERRUPTED, Optional.empty(), Optional.of(INTERRUPTED),
                Optional.of(backoff.nextAttempt(at, failures, caFailures, RetryAdvice.NONE)), failures, caFailures,
                List.of());
        append(attempt);
        running = true;
        write();
        return attempt;
    }

    /** @param step the step that failed, as an operator would name it ("order", "store") */
    public synchronized Attempt recordFailure(Instant at, String step, String message, RetryAdvice advice)
            throws IOException {
        int failures = finishedFailures() + 1;
        int caFailures = finishedCaFailures() + (advice.harm() == RetryAdvice.Harm.NOTHING_SENT ? 0 : 1);
        return finish(new Attempt(at, Attempt.Outcome.FAILED, Optional.of(oneLine(step)),
                Optional.of(oneLine(message)), Optional.of(backoff.nextAttempt(at, failures, caFailures, advice)),
                failures, caFailures, List.of()));
    }

    /** @param challenges the challenge types the CA validated for the new certificate */
    public synchronized Attempt recordSuccess(Instant at, List<String> challenges) throws IOException {
        return finish(new Attempt(at, Attempt.Outcome.SUCCEEDED, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 0, challenges));
    }

    /** The earliest time for the next attempt as recorded; empty when the last attempt succeeded or there was none. */
    public synchronized Optional<Instant> nextAttemptAt() {
        return last().flatMap(Attempt::nextAttemptAt);
    }

    /**
     * Until when an attempt must wait, seen at {@code now}; empty when it may start.
     *
     * <p>When {@code now} is before the last recorded attempt, either the clock is wrong now (a
     * board without RTC after a reboot) or it was then. Waiting for the recorded time could then
     * mean waiting for years, starting at once could mean an attempt at every reboot; so the
     * recorded wait is counted again from the first time this instance sees the clock there.
     */
    public synchronized Optional<Instant> waitUntil(Instant now) {
        Optional<Attempt> last = last();
        if (last.isEmpty() || last.get().nextAttemptAt().isEmpty()) {
            return Optional.empty();
        }
        Instant due = last.get().nextAttemptAt().get();
        if (now.isBefore(last.get().at())) {
            Duration recordedWait = Duration.between(last.get().at(), due);
            due = dueDespiteClock.orElseGet(() -> now.plus(recordedWait));
            dueDespiteClock = Optional.of(due);
        }
        return now.isBefore(due) ? Optional.of(due) : Optional.empty();
    }

    /** True while the last attempt is one this process started and has not finished: recorded as interrupted, yet running. */
    public synchronized boolean lastRunning() {
        return running;
    }

    /** The kept attempts, oldest first. */
    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Failures in a row up to the last attempt, an interrupted one included. */
    public synchronized int consecutiveFailures() {
        return last().map(Attempt::consecutiveFailures).orElse(0);
    }

    public synchronized Optional<Attempt> last() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
    }

    private Attempt finish(Attempt attempt) throws IOException {
        if (running) {
            attempts.remove(attempts.size() - 1);
            running = false;
        }
        append(attempt);
        write();
        return attempt;
    }

    /** The failures in a row before the attempt this process is running, if any. */
    private int finishedFailures() {
        return running ? failuresBeforeRunning : consecutiveFailures();
    }

    private int finishedCaFailures() {
        return running ? caFailuresBeforeRunning : last().map(Attempt::consecutiveCaFailures).orElse(0);
    }

    private void append(Attempt attempt) {
        attempts.add(attempt);
        while (attempts.size() > keep) {
            attempts.remove(0);
        }
        dueDespiteClock = Optional.empty();
    }

    private void write() throws IOException {
        file.write(new RecordedAttempts(Optional.of(scope), attempts));
    }

    /** One line for logs and status output, at most {@link #MESSAGE_LIMIT} characters. */
    static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
        if (line.isEmpty()) {
            return "(no message)";
        }
        if (line.length() <= MESSAGE_LIMIT) {
            return line;
        }
        int end = MESSAGE_LIMIT - 1;
        // Never cut between the two halves of a character outside the BMP.
        end -= Character.isHighSurrogate(line.charAt(end - 1)) ? 1 : 0;
        return line.substring(0, end) + "…";
    }
}
