package io.hotcert.renewal;

import java.util.Optional;

/** Looks up the CA's renewal plan for a certificate, where there is one: the renewal policy's view of {@link RenewalInfoStore}. */
@FunctionalInterface
public interface RenewalPlans {

    /** Without renewal information, only the certificate's lifetime counts. */
    RenewalPlans NONE = serial -> Optional.empty();

    /** @param serial the certificate's serial in lower-case hexadecimal */
    Optional<RenewalPlan> planFor(String serial);
}
