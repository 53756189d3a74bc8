package io.hotcert.hooks;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.renewal.Deployment;
import io.hotcert.storage.StoredSet;

/**
 * The {@code hooks.deploy} command, run after each renewal so that other programs on the board
 * pick up the new set. It runs without a shell (see {@link CommandWords}) and finds the set
 * through {@code HOTCERT_*} environment variables that name its archive directory rather than
 * {@code live}, so it reads a matching key and certificate even if another renewal switches
 * {@code live} meanwhile.
 *
 * <p>Whatever goes wrong with the hook is logged and nothing more: the set is stored and live by
 * then, and a renewal that looked failed would be retried against the CA's rate limits.
 */
public final class DeployHook implements Deployment {

    /** How long a hook may run when not told otherwise: ample for reloading a service. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    static final int MAX_LOGGED_LINES = 100;
    static final int MAX_LOGGED_CHARS = 8 * 1024;

    private static final String KEY = "hooks.deploy";
    /** How long to wait, once the hook has ended, for the last of its output. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);
    private static final File NO_INPUT = new File("/dev/null");

    private static final Logger LOG = LoggerFactory.getLogger(DeployHook.class);

    private final CommandWords command;
    private final List<String> domains;
    private final Duration timeout;

    /** A hook with the {@link #DEFAULT_TIMEOUT}. */
    public DeployHook(String command, List<String> domains) {
        this(command, domains, DEFAULT_TIMEOUT);
    }

    /**
     * @param command the configured command text, split here once so bad quoting is reported at start-up
     * @param domains the configured names, first the one logs are about; passed on in this order
     * @throws IllegalArgumentException with a message starting {@code hooks.deploy: } for a command
     *         that is empty or badly quoted
     */
    public DeployHook(String command, List<String> domains, Duration timeout) {
        try {
            this.command = CommandWords.parse(command);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + ": " + e.getMessage(), e);
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a deploy hook needs the names it deploys");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(KEY + ": the timeout must be positive, was " + timeout);
        }
        this.domains = List.copyOf(domains);
        this.timeout = timeout;
    }

    @Override
    public void deploy(CertificateSet set, StoredSet stored) {
        HookResult result = run(set, stored);
        String subject = domains.get(0);
        // The program only, never its arguments: they may carry a token for the service being told.
        String program = command.program();
        long millis = result.took().toMillis();
        result.problem().ifPresentOrElse(
                problem -> LOG.error("{}: deploy hook {} failed after {} ms: {}; set {} stays live", subject, program,
                        millis, problem, stored.id()),
                () -> LOG.info("{}: deploy hook {} finished in {} ms", subject, program, millis));
    }

    /** Runs the hook for the new set and waits for it, at most the timeout. Never throws. */
    public HookResult run(CertificateSet set, StoredSet stored) {
        long start = System.nanoTime();
        Process process;
        try {
            process = processFor(set, stored).start();
        } catch (IOException | RuntimeException e) {
            // Whatever keeps the hook from starting is the hook's failure, not the renewal's.
            return new HookResult.NotStarted(Objects.requireNonNullElse(e.getMessage(), e.toString()), since(start));
        }
        Thread output = readOutput(process);
        try {
            return waitFor(process, start);
        } finally {
            awaitOutput(output);
        }
    }

    private ProcessBuilder processFor(CertificateSet set, StoredSet stored) {
        var builder = new ProcessBuilder(command.words())
                // One pipe and one reader, with the lines in the order the hook wrote them.
                .redirectErrorStream(true)
                // A hook that reads its input sees the end at once instead of waiting for the timeout.
                .redirectInput(NO_INPUT);
        Path directory = stored.directory().toAbsolutePath();
        Map<String, String> environment = builder.environment();
        environment.put("HOTCERT_LIVE_DIR", directory.toString());
        environment.put("HOTCERT_DOMAINS", String.join(",", domains));
        environment.put("HOTCERT_PRIVKEY", stored.privateKeyFile().toAbsolutePath().toString());
        environment.put("HOTCERT_CERT", stored.certificateFile().toAbsolutePath().toString());
        environment.put("HOTCERT_CHAIN", stored.chainFile().toAbsolutePath().toString());
        environment.put("HOTCERT_FULLCHAIN", stored.fullChainFile().toAbsolutePath().toString());
        environment.put("HOTCERT_SERIAL", CertificateSummary.of(set.leaf()).serial());
        return builder;
    }

    private HookResult waitFor(Process process, long start) {
        try {
            if (!process.waitFor(timeout.toNanos(), NANOSECONDS)) {
                return new HookResult.Killed("timed out after " + timeout.toMillis() + " ms; " + kill(process),
                        since(start));
            }
        } catch (InterruptedException e) {
            // hotcert is stopping: the hook must not outlive it.
            String killed = kill(process);
            Thread.currentThread().interrupt();
            return new HookResult.Killed("interrupted; " + killed, since(start));
        }
        int exitCode = process.exitValue();
        return exitCode == 0 ? new HookResult.Succeeded(since(start)) : new HookResult.Failed(exitCode, since(start));
    }

    /** Kills the hook and what it started, and says so. */
    private static String kill(Process process) {
        // Listed before the kill: once the hook is gone, its children belong to init and are no
        // longer its descendants.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        int count = descendants.size();
        return count == 0 ? "killed it" : "killed it and " + count + (count == 1 ? " process" : " processes") + " it started";
    }

    private static Thread readOutput(Process process) {
        var output = new HookOutput(process.getInputStream(), line -> LOG.info("deploy hook: {}", line),
                MAX_LOGGED_LINES, MAX_LOGGED_CHARS);
        var thread = new Thread(output, "hotcert-deploy-hook");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitOutput(Thread output) {
        try {
            output.join(OUTPUT_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (output.isAlive()) {
            // Left running, not killed: a hook may rightly start a service (an init script
            // restarting it). But the JDK closes the pipe once the hook has exited, at the latest
            // when that service next writes to it, so the service would lose its output or die of
            // SIGPIPE; hence the advice.
            LOG.warn("deploy hook: a process it left running holds its output; not waiting for that. Start services"
                    + " from a hook with their output redirected, e.g. >/dev/null 2>&1");
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
