package io.hotcert.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.storage.StoredSet;

/** What one renewal run did. */
public sealed interface RenewalResult {

    /** Nothing to do yet; nothing was sent to the CA. */
    record NotDue(RenewalDecision decision) implements RenewalResult {
    }

    /** A new certificate was issued, checked and made live. */
    record Renewed(CertificateSummary certificate, StoredSet stored, String reason, Duration took)
            implements RenewalResult {
    }

    /**
     * Not attempted now, and nothing was sent to the CA: the clock is not plausible, or earlier
     * failures ask for a wait. {@code until} says when to check again, where it is known.
     */
    record Postponed(String reason, Optional<Instant> until) implements RenewalResult {
    }
}
