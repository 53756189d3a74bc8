package io.hotcert.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.Pem;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.CertificateStore;
import io.hotcert.storage.StoredSet;
import io.hotcert.testing.Await;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.Slow;

/** Real hooks in real processes, run for a real stored set. */
class DeployHookTest {

    private static final List<String> DOMAINS = List.of("board1.example.test", "www.board1.example.test");
    private static final Duration SHORT = Duration.ofMillis(300);
    /** Time for a shell to start its child before the timeout strikes, even on a busy machine. */
    private static final Duration SHORT_BUT_STARTED = Duration.ofSeconds(2);
    private static final Duration AMPLE = Duration.ofSeconds(20);
    /** Far below the 30 s the hooks' sleep would take: the hook was not waited for. */
    private static final Duration NOT_WAITED_FOR = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private CertificateSet set;
    private StoredSet stored;

    @BeforeEach
    void storeANewSet() throws IOException {
        Clock clock = Clock.systemUTC();
        set = new SelfSignedCertificates(clock).create(new KeyPairFactory().generate(KeyType.EC_P256), DOMAINS,
                Duration.ofDays(1));
        stored = new CertificateStore(dir.resolve("storage"), new AtomicFiles(), clock).store(set);
    }

    @Test
    void theHookFindsTheNewSetThroughItsEnvironment() throws IOException {
        Path hook = script("env | grep '^HOTCERT_' | sort > \"$1/env\"\ncat \"$HOTCERT_FULLCHAIN\" > \"$1/fullchain\"\n");

        HookResult result = new DeployHook(quoted(hook) + " " + quoted(dir), DOMAINS).run(set, stored);

        assertThat(result).isInstanceOf(HookResult.Succeeded.class);
        Path live = stored.directory();
        assertThat(live.toRealPath()).isEqualTo(dir.resolve("storage/live").toRealPath());
        assertThat(Files.readAllLines(dir.resolve("env"))).containsExactly(
                "HOTCERT_CERT=" + live.resolve("cert.pem"),
                "HOTCERT_CHAIN=" + live.resolve("chain.pem"),
                "HOTCERT_DOMAINS=board1.example.test,www.board1.example.test",
                "HOTCERT_FULLCHAIN=" + live.resolve("fullchain.pem"),
                "HOTCERT_LIVE_DIR=" + live,
                "HOTCERT_PRIVKEY=" + live.resolve("privkey.pem"),
                "HOTCERT_SERIAL=" + CertificateSummary.of(set.leaf()).serial());
        assertThat(Pem.readCertificates(dir.resolve("fullchain"))).isEqualTo(set.chain());
    }

    @Test
    void aSucceedingHookIsLoggedWithItsOutput() throws IOException {
        Path hook = script("echo reloaded nginx\n");

        try (var logs = new CapturedLogs()) {
            new DeployHook(quoted(hook), DOMAINS).deploy(set, stored);

            assertThat(logs.text()).contains("deploy hook: reloaded nginx")
                    .containsPattern("board1.example.test: deploy hook " + hook + " finished in \\d+ ms");
        }
    }

    @Test
    void anArgumentWithSpacesReachesTheProgramAsOneArgument() throws IOException {
        List<String> arguments = argumentsOf("'two words' \"say \\\"hi\\\"\" three\\ four ''");

        assertThat(arguments).containsExactly("two words", "say \"hi\"", "three four", "");
    }

    @Test
    void noShellExpandsTheCommand() throws IOException {
        List<String> arguments = argumentsOf("$HOME * a|b `id` ;");

        assertThat(arguments).containsExactly("$HOME", "*", "a|b", "`id`", ";");
    }

    @Test
    void aShellRunsWhenTheCommandAsksForOne() throws IOException {
        Path out = dir.resolve("serial");

        HookResult result = new DeployHook("sh -c 'echo $HOTCERT_SERIAL > " + out + "'", DOMAINS, AMPLE)
                .run(set, stored);

        assertThat(result).isInstanceOf(HookResult.Succeeded.class);
        assertThat(Files.readString(out).strip()).isEqualTo(CertificateSummary.of(set.leaf()).serial());
    }

    @Test
    void aFailingHookIsReportedWithItsExitCodeAndDoesNotThrow() throws IOException {
        Path hook = script("echo 'nginx: configuration file test failed' >&2\nexit 3\n");

        try (var logs = new CapturedLogs()) {
            new DeployHook(quoted(hook) + " --token s3cret", DOMAINS, AMPLE).deploy(set, stored);

            assertThat(logs.text()).contains("deploy hook: nginx: configuration file test failed")
                    .containsPattern("board1.example.test: deploy hook " + hook
                            + " failed after \\d+ ms: exited with code 3; set " + stored.id() + " stays live")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void aMissingProgramIsReportedByName() {
        try (var logs = new CapturedLogs()) {
            HookResult result = new DeployHook("/nonexistent/reload-nginx now", DOMAINS, AMPLE).run(set, stored);
            new DeployHook("/nonexistent/reload-nginx now", DOMAINS, AMPLE).deploy(set, stored);

            assertThat(result).isInstanceOf(HookResult.NotStarted.class);
            assertThat(logs.text()).contains("deploy hook /nonexistent/reload-nginx failed after")
                    .contains("could not start: Cannot run program \"/nonexistent/reload-nginx\"");
        }
    }

    @Test
    void aHookThatRunsTooLongIsKilledAndReported() {
        try (var logs = new CapturedLogs()) {
            long start = System.nanoTime();
            new DeployHook("sleep 30", DOMAINS, SHORT).deploy(set, stored);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NOT_WAITED_FOR);
            assertThat(logs.text()).containsPattern("deploy hook sleep failed after \\d+ ms: timed out after 300 ms; killed it;");
        }
    }

    @Test
    @Slow
    void whatATimedOutHookStartedIsKilledWithIt() throws Exception {
        Path pidFile = dir.resolve("child.pid");

        long start = System.nanoTime();
        HookResult result = new DeployHook("sh -c 'sleep 30 & echo $! > " + pidFile + "; wait'", DOMAINS,
                SHORT_BUT_STARTED).run(set, stored);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NOT_WAITED_FOR);
        assertThat(result).isInstanceOf(HookResult.Killed.class);
        assertThat(result.problem()).contains("timed out after 2000 ms; killed it and 1 process it started");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        Await.until("sleep, started by the hook, ending", AMPLE, () -> gone(child));
    }

    @Test
    void aServiceTheHookStartedNeitherHoldsUpTheRenewalNorIsKilled() throws Exception {
        Path pidFile = dir.resolve("service.pid");
        Path go = dir.resolve("go");
        // The hook ends only when told, once the reader blocks on the pipe, as it does with a hook that takes time.
        Path hook = script("sleep 30 &\necho $! > \"$1\"\ni=0\n"
                + "while [ ! -e \"$2\" ] && [ $i -lt 2000 ]; do sleep 0.01; i=$((i+1)); done\n");
        Set<Thread> readersBefore = hookOutputReaders();

        try (var logs = new CapturedLogs()) {
            CompletableFuture<HookResult> running = CompletableFuture.supplyAsync(
                    () -> new DeployHook(quoted(hook) + " " + quoted(pidFile) + " " + quoted(go), DOMAINS, AMPLE)
                            .run(set, stored));
            Await.until("the hook's output reader blocked on the pipe", AMPLE, () -> hookOutputReaders().stream()
                    .anyMatch(reader -> !readersBefore.contains(reader) && blockedInRead(reader)));
            long start = System.nanoTime();
            Files.createFile(go);
            HookResult result = running.get(AMPLE.toSeconds(), TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NOT_WAITED_FOR);
            assertThat(result).isInstanceOf(HookResult.Succeeded.class);
            assertThat(logs.text()).contains("a process it left running holds its output; not waiting for that");
            ProcessHandle service = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
            assertThat(service.isAlive()).isTrue();
            service.destroyForcibly();
        }
    }

    @Test
    void aRenewalInterruptedWhileTheHookRunsKillsIt() throws Exception {
        Path started = dir.resolve("started");
        Path hook = script("touch \"$1\"\nexec sleep 30\n");
        var result = new AtomicReference<HookResult>();
        var interrupted = new AtomicReference<Boolean>();
        var renewal = new Thread(() -> {
            result.set(new DeployHook(quoted(hook) + " " + quoted(started), DOMAINS, AMPLE).run(set, stored));
            interrupted.set(Thread.currentThread().isInterrupted());
        });

        renewal.start();
        Await.until("the hook running", AMPLE, () -> Files.exists(started));
        renewal.interrupt();
        renewal.join(AMPLE.toMillis());

        assertThat(renewal.isAlive()).as("the renewal still waits for the hook").isFalse();
        // The shell may still have its touch child when the interrupt comes, which the message counts.
        assertThat(result.get().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("interrupted; killed it"));
        assertThat(interrupted.get()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void aHookReadingItsInputSeesTheEndAtOnce() {
        assertThat(new DeployHook("cat", DOMAINS, AMPLE).run(set, stored)).isInstanceOf(HookResult.Succeeded.class);
    }

    @Test
    void aChattyHookNeitherBlocksNorFloodsTheLog() throws IOException {
        Path hook = script("i=0\nwhile [ $i -lt 10000 ]; do echo \"line $i\"; echo \"error $i\" >&2; i=$((i+1)); done\n");

        try (var logs = new CapturedLogs()) {
            HookResult result = new DeployHook(quoted(hook), DOMAINS, AMPLE).run(set, stored);

            assertThat(result).isInstanceOf(HookResult.Succeeded.class);
            String text = logs.text();
            assertThat(text.lines().filter(line -> line.startsWith("deploy hook: "))).hasSize(101);
            assertThat(text).contains("deploy hook: line 0").contains("deploy hook: error 0")
                    .contains("deploy hook: (19900 more lines not logged)");
        }
    }

    @Test
    void theHookNeverLogsThePrivateKey() throws IOException {
        String key = Files.readString(stored.directory().resolve("privkey.pem"));
        String keyBody = key.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        try (var logs = new CapturedLogs()) {
            new DeployHook("sh -c 'cat \"$HOTCERT_PRIVKEY\" \"$HOTCERT_CERT\"'", DOMAINS, AMPLE).deploy(set, stored);

            assertThat(logs.text()).doesNotContain(keyBody).contains("deploy hook: " + HookOutput.KEY_PLACEHOLDER)
                    .contains("deploy hook: -----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void badQuotingIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> new DeployHook("reload 'nginx", DOMAINS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hooks.deploy: unbalanced quotes: the single quote at character 8 is never closed");
        assertThatThrownBy(() -> new DeployHook("  ", DOMAINS)).hasMessage("hooks.deploy: the command is empty");
        assertThatThrownBy(() -> new DeployHook("reload", DOMAINS, Duration.ZERO))
                .hasMessage("hooks.deploy: the timeout must be positive, was PT0S");
    }

    /** What a program receives as its arguments after the hook's command splits {@code arguments}. */
    private List<String> argumentsOf(String arguments) throws IOException {
        Path out = dir.resolve("arguments");
        Path hook = script("out=\"$1\"\nshift\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\" >> \"$out\"; done\n");

        HookResult result = new DeployHook(quoted(hook) + " " + quoted(out) + " " + arguments, DOMAINS, AMPLE)
                .run(set, stored);

        assertThat(result).isInstanceOf(HookResult.Succeeded.class);
        return Files.readAllLines(out).stream().map(line -> line.substring(1, line.length() - 1)).toList();
    }

    private Path script(String body) throws IOException {
        Path script = Files.createTempFile(dir, "hook", ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static String quoted(Path path) {
        return "'" + path + "'";
    }

    private static Set<Thread> hookOutputReaders() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("hotcert-deploy-hook"))
                .collect(Collectors.toSet());
    }

    /** Whether {@code thread} waits in the read of a file descriptor, here the hook's output pipe. */
    private static boolean blockedInRead(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().equals("java.io.FileInputStream")
                && stack[0].getMethodName().startsWith("read");
    }

    /** Whether process {@code pid} is gone, or a zombie nobody reaps. */
    private static boolean gone(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state of process " + pid, e);
        }
        // The state follows the command name in parentheses, which may itself hold spaces.
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }
}
