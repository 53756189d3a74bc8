package io.hotcert.renewal;

import java.time.Duration;

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
}
