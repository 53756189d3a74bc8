package io.hotcert.renewal;

import java.time.Instant;
import java.util.Optional;

/**
 * What the CA last said about a certificate's renewal (RFC 9773): a {@link RenewalPlan} from its
 * suggested window, or {@link NoWindow} when it offers no renewal information. Either is kept so
 * that the CA is not asked again before {@link #nextCheck()}, not even by a restarted daemon.
 */
public sealed interface RenewalInfoAnswer permits RenewalPlan, RenewalInfoAnswer.NoWindow {

    /** The certificate's ARI name (see {@link io.hotcert.acme.CertificateIds}). */
    String certificateId();

    /** Not before then is the CA asked again. */
    Instant nextCheck();

    /** The plan, when the CA suggested a window. */
    default Optional<RenewalPlan> plan() {
        return this instanceof RenewalPlan plan ? Optional.of(plan) : Optional.empty();
    }

    /** The CA's directory has no renewalInfo resource: only the certificate's lifetime counts. */
    record NoWindow(String certificateId, Instant nextCheck) implements RenewalInfoAnswer {
    }
}
