package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

import io.hotcert.acme.SuggestedWindow;

/**
 * When to renew one certificate by the CA's renewal information (RFC 9773): the window the CA
 * suggested, the moment picked at random inside it, and when to ask the CA again.
 *
 * @param certificateId the certificate's ARI name (see {@link io.hotcert.acme.CertificateIds})
 * @param serial        its serial in lower-case hexadecimal, as {@link io.hotcert.crypto.CertificateSummary} has it
 * @param renewAt       the moment picked in the window: the planned renewal time
 * @param nextCheck     not before then is the CA asked again
 */
public record RenewalPlan(String certificateId, String serial, Instant windowStart, Instant windowEnd,
        Instant renewAt, Instant nextCheck, Optional<String> explanation) implements RenewalInfoAnswer {

    boolean sameWindow(SuggestedWindow window) {
        return windowStart.equals(window.start()) && windowEnd.equals(window.end());
    }
}
