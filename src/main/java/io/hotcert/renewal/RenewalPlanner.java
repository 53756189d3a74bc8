package io.hotcert.renewal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.acme.CertificateIds;
import io.hotcert.acme.RenewalInfoSource;
import io.hotcert.acme.SuggestedWindow;
import io.hotcert.crypto.CertificateSummary;

/**
 * Keeps the {@link RenewalPlan} for the live certificate up to date with the CA's renewal
 * information (RFC 9773 section 4.2): asks the CA only once its Retry-After has passed, picks a
 * uniformly random moment in the suggested window so that a fleet of boards does not renew in one
 * rush, and keeps that moment while the window stays the same.
 *
 * <p>When the CA cannot be asked, the plan on file (if any) stands and otherwise the lifetime rule
 * decides; that is said once, not at every check, since the CA's renewalInfo being down changes
 * nothing that must be fixed here.
 */
public final class RenewalPlanner {

    /**
     * RFC 9773 suggests asking about every six hours when the CA gives no Retry-After; a CA without
     * renewal information is looked at as often, in case it starts offering it.
     */
    static final Duration DEFAULT_RECHECK = Duration.ofHours(6);
    /** A Retry-After of seconds would make every check ask; one of weeks could miss a changed window. */
    static final Duration MIN_RECHECK = Duration.ofHours(1);
    static final Duration MAX_RECHECK = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(RenewalPlanner.class);

    private final RenewalInfoSource source;
    private final RenewalInfoStore plans;
    private final Clock clock;
    private final RandomGenerator random;
    private boolean fetchFailing;

    public RenewalPlanner(RenewalInfoSource source, RenewalInfoStore plans, Clock clock, RandomGenerator random) {
        this.source = source;
        this.plans = plans;
        this.clock = clock;
        this.random = random;
    }

    /** Asks the CA about {@code leaf} if the plan on file is for another certificate or due for a new look. */
    public synchronized void refresh(X509Certificate leaf) {
        Optional<String> id = CertificateIds.of(leaf);
        if (id.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Optional<RenewalInfoAnswer> last = plans.load().filter(answer -> answer.certificateId().equals(id.get()));
        if (last.isPresent() && now.isBefore(last.get().nextCheck())) {
            return;
        }
        Optional<RenewalPlan> known = last.flatMap(RenewalInfoAnswer::plan);
        String subject = CertificateSummary.of(leaf).names().stream().findFirst().orElse(id.get());
        Optional<SuggestedWindow> window;
        try {
            window = source.fetch(leaf);
        } catch (IOException e) {
            if (!fetchFailing) {
                LOG.warn("{}: cannot get the CA's renewal information ({}); {}", subject, e.getMessage(),
                        known.isPresent() ? "keeping the plan from " + known.get().windowStart() + " to "
                                + known.get().windowEnd() : "renewal follows the certificate's lifetime meanwhile");
                fetchFailing = true;
            }
            return;
        }
        if (fetchFailing) {
            LOG.info("{}: the CA's renewal information answers again", subject);
            fetchFailing = false;
        }
        try {
            if (window.isEmpty()) {
                plans.save(new RenewalInfoAnswer.NoWindow(id.get(), now.plus(DEFAULT_RECHECK)));
                return;
            }
            RenewalPlan plan = plan(id.get(), leaf, window.get(), known, now);
            plans.save(plan);
            if (known.isEmpty() || !known.get().sameWindow(window.get())) {
                LOG.info("{}: the CA suggests renewing between {} and {}{}; planned at {}", subject, plan.windowStart(),
                        plan.windowEnd(), plan.explanation().map(url -> " (" + url + ")").orElse(""), plan.renewAt());
            }
        } catch (IOException e) {
            // The answer is advice: the renewal itself must not fail for it, and it is asked for again next time.
            LOG.warn("{}: cannot keep the renewal plan in {}: {}", subject, plans.file(), e.getMessage());
        }
    }

    private RenewalPlan plan(String id, X509Certificate leaf, SuggestedWindow window, Optional<RenewalPlan> known,
            Instant now) {
        Instant renewAt = known.filter(plan -> plan.sameWindow(window)).map(RenewalPlan::renewAt)
                .orElseGet(() -> pick(window, now));
        return new RenewalPlan(id, leaf.getSerialNumber().toString(16), window.start(), window.end(), renewAt,
                nextCheck(window, now), window.explanation());
    }

    /** Uniformly in what is left of the window; a window that has passed means now. */
    private Instant pick(SuggestedWindow window, Instant now) {
        Instant from = window.start().isAfter(now) ? window.start() : now;
        long span = Duration.between(from, window.end()).toMillis();
        return span <= 0 ? from : from.plusMillis(random.nextLong(span));
    }

    private static Instant nextCheck(SuggestedWindow window, Instant now) {
        Instant asked = window.retryAfter().orElse(now.plus(DEFAULT_RECHECK));
        Instant earliest = now.plus(MIN_RECHECK);
        Instant latest = now.plus(MAX_RECHECK);
        return asked.isBefore(earliest) ? earliest : asked.isAfter(latest) ? latest : asked;
    }
}
