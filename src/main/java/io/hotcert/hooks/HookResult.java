package io.hotcert.hooks;

import java.time.Duration;
import java.util.Optional;

/** How one run of a hook ended. */
public sealed interface HookResult {

    /** From the start until the end was known. */
    Duration took();

    /** What went wrong, for the log; empty when the hook did its job. */
    Optional<String> problem();

    /** Exit code 0. */
    record Succeeded(Duration took) implements HookResult {
        @Override
        public Optional<String> problem() {
            return Optional.empty();
        }
    }

    record Failed(int exitCode, Duration took) implements HookResult {
        @Override
        public Optional<String> problem() {
            return Optional.of("exited with code " + exitCode);
        }
    }

    /** The program could not be run at all, e.g. no such file or not executable. */
    record NotStarted(String reason, Duration took) implements HookResult {
        @Override
        public Optional<String> problem() {
            return Optional.of("could not start: " + reason);
        }
    }

    /** Stopped by hotcert, with whatever it had started: it ran too long, or hotcert is stopping. */
    record Killed(String reason, Duration took) implements HookResult {
        @Override
        public Optional<String> problem() {
            return Optional.of(reason);
        }
    }
}
