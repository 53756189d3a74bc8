package io.hotcert.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.hotcert.config.KeyType;
import io.hotcert.config.RenewBefore;
import io.hotcert.crypto.CertificateSummary;

/**
 * Decides whether the stored certificate must be replaced: when there is none, when it covers
 * other names or uses another key type than configured, or when its time has come. That time is
 * the moment planned in the CA's suggested window where the CA gave renewal information
 * (RFC 9773), earlier or later than the lifetime rule would say; otherwise it is when less than
 * {@code renew.before-expiry} of the lifetime is left.
 */
public final class RenewalPolicy {

    private final Clock clock;
    private final RenewBefore renewBefore;
    private final Set<String> domains;
    private final KeyType keyType;
    private final RenewalPlans plans;

    public RenewalPolicy(Clock clock, RenewBefore renewBefore, List<String> domains, KeyType keyType,
            RenewalPlans plans) {
        this.clock = clock;
        this.renewBefore = renewBefore;
        this.domains = new TreeSet<>(domains);
        this.keyType = keyType;
        this.plans = plans;
    }

    public RenewalDecision decide(Optional<CertificateSummary> current) {
        if (current.isEmpty()) {
            return RenewalDecision.dueNow("no certificate yet");
        }
        CertificateSummary cert = current.get();
        var names = new TreeSet<>(cert.dnsNames());
        if (!names.equals(domains)) {
            return RenewalDecision.dueNow("the certificate covers " + names + " but domains is " + domains);
        }
        if (cert.keyType().filter(keyType::equals).isEmpty()) {
            return RenewalDecision.dueNow("the certificate's key is " + cert.keyType().map(KeyType::toString)
                    .orElse("of an unknown type") + " but key.type is " + keyType);
        }
        Instant now = clock.instant();
        // A moment after expiry is no plan a CA can mean; the lifetime rule keeps the certificate from lapsing.
        Optional<RenewalPlan> plan = plans.planFor(cert.serial()).filter(p -> p.renewAt().isBefore(cert.notAfter()));
        if (plan.isPresent()) {
            return byPlan(plan.get(), now);
        }
        Instant renewAt = cert.notAfter().minus(renewBefore.before(cert.notBefore(), cert.notAfter()));
        if (!now.isBefore(renewAt)) {
            return RenewalDecision.dueNow("expires at " + cert.notAfter() + ", less than " + renewBefore
                    + " left (" + humanDuration(Duration.between(now, cert.notAfter())) + ")");
        }
        return new RenewalDecision(false, "valid until " + cert.notAfter() + "; renewal due from " + renewAt,
                Optional.of(renewAt));
    }

    private static RenewalDecision byPlan(RenewalPlan plan, Instant now) {
        String window = "the CA suggests renewing between " + plan.windowStart() + " and " + plan.windowEnd();
        if (!now.isBefore(plan.renewAt())) {
            return RenewalDecision.dueNow(window + "; planned at " + plan.renewAt());
        }
        return new RenewalDecision(false, window + "; renewal planned at " + plan.renewAt(),
                Optional.of(plan.renewAt()));
    }

    /** "12d 3h", "5h 20m", "-2d 1h" for an expired certificate: what an operator reads at a glance. */
    public static String humanDuration(Duration d) {
        String sign = d.isNegative() ? "-" : "";
        Duration abs = d.abs();
        if (abs.toDays() > 0) {
            return sign + abs.toDays() + "d " + abs.toHoursPart() + "h";
        }
        return sign + abs.toHours() + "h " + abs.toMinutesPart() + "m";
    }
}
