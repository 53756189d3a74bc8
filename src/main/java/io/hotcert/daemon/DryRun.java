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
        RenewalService forSettings(Settings trial) throws IOException;
    }

    private final Settings settings;
    private final TrialRenewal trialRenewal;

    public DryRun(Settings settings, TrialRenewal trialRenewal) {
        this.settings = settings;
        this.trialRenewal = trialRenewal;
    }

    /** The outcome as a line and the contract's exit code; failures of the order are thrown, as for a renewal. */
    public Reply run() throws Exception {
        Path scratch = Files.createTempDirectory("hotcert-dry-run");
        try {
            Settings trial = settings.forDryRun(scratch);
            // Its log lines look like a renewal's; this one says they are not.
            LOG.info("dry run against {} in {}: what follows is a trial; nothing of it is kept or deployed",
                    trial.acmeDirectory(), scratch);
            RenewalResult result = trialRenewal.forSettings(trial).renew(true);
            if (!(result instanceof RenewalResult.Renewed renewed)) {
                // Forced, so only the clock check can have stopped it.
                return Reply.of(ExitCodes.TEMPORARY, "dry run not attempted: " + ((RenewalResult.Postponed) result).reason());
            }
            return Reply.of(ExitCodes.OK, String.format("dry run: %s issued serial %s for %s, valid until %s (%d ms);"
                    + " live/, the account and the hook were not touched", trial.acmeDirectory(),
                    renewed.certificate().serial(), String.join(", ", renewed.certificate().dnsNames()),
                    renewed.certificate().notAfter(), renewed.took().toMillis()));
        } finally {
            // The scratch directory holds a private key and an account key: nothing of it stays behind.
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
