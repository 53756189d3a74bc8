package io.hotcert.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.hotcert.crypto.KeyType;
import io.hotcert.config.RenewBefore;
import io.hotcert.crypto.CertificateSummary;

/**
 * Decides whether the stored certificate must be replaced: when there is none, when it covers
 * other names or uses another key type than configured, or when its time has come. That time is
 * the moment planned in the CA's suggested window where the CA gave renewal information
 * (RFC 9773), earlier or later than the lifetime rule would say; otherwise it is a moment in the
 * lifetime rule's window: from when less than {@code renew.before-expiry} is left until three
 * quarters of that is left (33 % to about 25 % of the lifetime by default; 30 to 22.5 days of a
 * 90-day certificate; half to three eighths of a lifetime under 10 days, 80 to 60 hours of a
 * 160-hour one), picked per installation and certificate
 * by {@link RenewalJitter}, so that a fleet whose certificates were issued in the same minute does
 * not renew in the same minute.
 *
 * <p>Expiry is judged by the time the {@link ClockSanity} verdict gives: not at all while the
 * clock is implausible, by the CA's time while the clock is known to run ahead.
 */
public final class RenewalPolicy {

    private final Clock clock;
    private final RenewBefore renewBefore;
    private final Set<String> domains;
    private final KeyType keyType;
    private final RenewalPlans plans;
    private final RenewalJitter jitter;
    private final ClockSanity clockSanity;

    public RenewalPolicy(Clock clock, RenewBefore renewBefore, List<String> domains, KeyType keyType,
            RenewalPlans plans, RenewalJitter jitter, ClockSanity clockSanity) {
        this.clock = clock;
        this.renewBefore = renewBefore;
        this.domains = new TreeSet<>(domains);
        this.keyType = keyType;
        this.plans = plans;
        this.jitter = jitter;
        this.clockSanity = clockSanity;
    }

    /** Decides with the clock as {@link ClockSanity} judges it now. */
    public RenewalDecision decide(Optional<CertificateSummary> current) {
        return decide(current, clockSanity.check(clock, current.map(CertificateSummary::notBefore)));
    }

    /** Decides by the time {@code verdict} gives; nothing while it finds the clock implausible. */
    public RenewalDecision decide(Optional<CertificateSummary> current, ClockVerdict verdict) {
        if (!verdict.plausible()) {
            return new RenewalDecision(false, verdict.warning().orElseThrow(), Optional.empty(), verdict);
        }
        RenewalDecision decision = decideAt(current, verdict);
        // The reason speaks the CA's time; renewAt is when this clock will read it, for the timer that waits for it.
        return verdict.ahead().map(ahead -> new RenewalDecision(decision.due(), decision.reason() + "; judged by the"
                + " CA's time, since " + ahead.summary(), decision.renewAt().map(at -> at.plus(ahead.by())), verdict))
                .orElse(decision);
    }

    private RenewalDecision decideAt(Optional<CertificateSummary> current, ClockVerdict verdict) {
        if (current.isEmpty()) {
            return RenewalDecision.dueNow("no certificate yet", verdict);
        }
        CertificateSummary cert = current.get();
        var names = new TreeSet<>(cert.names());
        if (!names.equals(domains)) {
            return RenewalDecision.dueNow("the certificate covers " + names + " but domains is " + domains, verdict);
        }
        if (cert.keyType().filter(keyType::equals).isEmpty()) {
            return RenewalDecision.dueNow("the certificate's key is " + cert.keyType().map(KeyType::toString)
                    .orElse("of an unknown type") + " but key.type is " + keyType, verdict);
        }
        // Read now, not when the verdict was given: a plan picked since then may say "now" itself.
        Instant now = verdict.caTime(clock.instant());
        // A moment after expiry is no plan a CA can mean; the lifetime rule keeps the certificate from lapsing.
        Optional<RenewalPlan> plan = plans.planFor(cert.serial()).filter(p -> p.renewAt().isBefore(cert.notAfter()));
        if (plan.isPresent()) {
            return byPlan(plan.get(), now, verdict);
        }
        Duration margin = renewBefore.before(cert.notBefore(), cert.notAfter());
        Instant windowStart = cert.notAfter().minus(margin);
        Instant windowEnd = cert.notAfter().minus(margin.multipliedBy(3).dividedBy(4));
        Instant renewAt = jitter.pick(windowStart, windowEnd, cert.serial());
        if (!now.isBefore(renewAt)) {
            return RenewalDecision.dueNow("expires at " + cert.notAfter() + ", less than " + renewBefore
                    + " left (" + humanDuration(Duration.between(now, cert.notAfter())) + ")", verdict);
        }
        return new RenewalDecision(false, "valid until " + cert.notAfter() + "; renewal due from " + renewAt
                + " (this installation's moment between " + windowStart + " and " + windowEnd + ")",
                Optional.of(renewAt), verdict);
    }

    private static RenewalDecision byPlan(RenewalPlan plan, Instant now, ClockVerdict verdict) {
        String window = "the CA suggests renewing between " + plan.windowStart() + " and " + plan.windowEnd();
        if (!now.isBefore(plan.renewAt())) {
            return RenewalDecision.dueNow(window + "; planned at " + plan.renewAt(), verdict);
        }
        return new RenewalDecision(false, window + "; renewal planned at " + plan.renewAt(),
                Optional.of(plan.renewAt()), verdict);
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
