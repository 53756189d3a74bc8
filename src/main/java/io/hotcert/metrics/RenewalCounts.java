package io.hotcert.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.hotcert.daemon.RenewalRunner;
import io.hotcert.renewal.Attempt;
import io.hotcert.renewal.AttemptHistory;
import io.hotcert.renewal.RenewalResult;

/**
 * The daemon's renewals since it started, and failures by {@link FailureReason}; the last success
 * also from before the start, as far as the attempt history still holds it.
 */
public final class RenewalCounts implements RenewalRunner.Outcomes {

    private final Clock clock;
    private final LongAdder renewals = new LongAdder();
    private final Map<String, LongAdder> failures = new LinkedHashMap<>();
    private final AtomicReference<Instant> lastSuccess;

    public RenewalCounts(AttemptHistory history, Clock clock) {
        this.clock = clock;
        FailureReason.all().forEach(reason -> failures.put(reason, new LongAdder()));
        lastSuccess = new AtomicReference<>(history.attempts().stream().filter(attempt -> !attempt.failed())
                .map(Attempt::at).reduce((earlier, later) -> later).orElse(null));
    }

    @Override
    public void finished(RenewalResult result) {
        if (result instanceof RenewalResult.Renewed) {
            renewals.increment();
            lastSuccess.set(clock.instant());
        }
    }

    @Override
    public void failed(Exception cause) {
        failures.get(FailureReason.of(cause)).increment();
    }

    long renewals() {
        return renewals.sum();
    }

    /** Every reason, in a fixed order, with its count. */
    Map<String, Long> failures() {
        var counts = new LinkedHashMap<String, Long>();
        failures.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess.get());
    }
}
