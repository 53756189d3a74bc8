package io.hotcert.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.Settings;
import io.hotcert.control.ExitCodes;
import io.hotcert.control.Reply;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.renewal.RenewalService;

/**
 * {@code hotcert renew --dry-run}: a full, forced order with {@link Settings#forDryRun} settings
 * in a scratch directory that is deleted afterwards, so {@code live/}, the production account and
 * the deploy hook are never touched. The same whether it runs in-process or in the daemon; only
 * the renewal service for the trial settings differs (who answers HTTP-01).
 */
public final class DryRun {

    private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

    /** The renewal service for the trial settings; it must deploy nothing. */
    @FunctionalInterface
    public interface TrialRenewal {
        /** @param logPrefix what every log line of the trial starts with, before what it says */
        RenewalService forSettings(Settings trial, String logPrefix) throws IOException;
    }

    private final Settings settings;
    private final TrialRenewal trialRenewal;

    public DryRun(Settings settings, TrialRenewal trialRenewal) {
        this.settings = settings;
        this.trialRenewal = trialRenewal;
    }

    /**
     * What every line a dry run logs or answers starts with: otherwise its lines read like a
     * renewal's ("account registered", "new certificate"), and the docs promise this prefix.
     */
    public String label() {
        return "dry run against " + settings.dryRunDirectory();
    }

    /** The outcome as a line and the contract's exit code; failures of the order are thrown, as for a renewal. */
    public Reply run() throws Exception {
        Path scratch = Files.createTempDirectory("hotcert-dry-run");
        try {
            Settings trial = settings.forDryRun(scratch);
            LOG.info("{} in {}: what follows is a trial; nothing of it is kept or deployed", label(), scratch);
            RenewalResult result = trialRenewal.forSettings(trial, label() + ": ").renew(true);
            if (!(result instanceof RenewalResult.Renewed renewed)) {
                // Forced, so only the clock check can have stopped it.
                return Reply.of(ExitCodes.TEMPORARY, label() + ": not attempted: "
                        + ((RenewalResult.Postponed) result).reason());
            }
            return Reply.of(ExitCodes.OK, String.format("%s: issued serial %s for %s, valid until %s (%d ms);"
                    + " live/, the account and the hook were not touched", label(),
                    renewed.certificate().serial(), String.join(", ", renewed.certificate().names()),
                    renewed.certificate().notAfter(), renewed.took().toMillis()));
        } finally {
            // The scratch directory holds a private key and an account key: nothing of it stays behind.
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
