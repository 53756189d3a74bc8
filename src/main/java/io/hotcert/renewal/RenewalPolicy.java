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
 * other names or uses another key type than configured, or when less than
 * {@code renew.before-expiry} of its lifetime is left.
 */
public final class RenewalPolicy {

    private final Clock clock;
    private final RenewBefore renewBefore;
    private final Set<String> domains;
    private final KeyType keyType;

    public RenewalPolicy(Clock clock, RenewBefore renewBefore, List<String> domains, KeyType keyType) {
        this.clock = clock;
        this.renewBefore = renewBefore;
        this.domains = new TreeSet<>(domains);
        this.keyType = keyType;
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
        Instant renewAt = cert.notAfter().minus(renewBefore.before(cert.notBefore(), cert.notAfter()));
        Instant now = clock.instant();
        if (!now.isBefore(renewAt)) {
            return RenewalDecision.dueNow("expires at " + cert.notAfter() + ", less than " + renewBefore
                    + " left (" + humanDuration(Duration.between(now, cert.notAfter())) + ")");
        }
        return new RenewalDecision(false, "valid until " + cert.notAfter() + "; renewal due from " + renewAt,
                Optional.of(renewAt));
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
