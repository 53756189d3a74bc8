package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

    private static final long MILLI = 1_000_000L;

    @Test
    void countsEachDurationInTheFirstBucketThatHoldsItCumulatively() {
        var histogram = new DurationHistogram();
        histogram.observe(MILLI / 2);
        histogram.observe(MILLI);
        histogram.observe(3 * MILLI);
        histogram.observe(999 * MILLI);
        histogram.observe(11_000 * MILLI);

        DurationHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.upperBounds()).startsWith(0.001, 0.0025, 0.005).endsWith(5.0, 10.0);
        // A duration equal to a bound (1 ms) counts in that bound's bucket, as Prometheus's "le" says.
        assertThat(snapshot.cumulativeCounts())
                .containsExactly(2L, 2L, 3L, 3L, 3L, 3L, 3L, 3L, 3L, 4L, 4L, 4L, 4L, 5L);
        assertThat(snapshot.count()).isEqualTo(5);
        assertThat(snapshot.sumSeconds()).isCloseTo(12.0035, Offset.offset(1e-9));
    }

    @Test
    void anEmptyHistogramHasEveryBucketAndZeroes() {
        DurationHistogram.Snapshot snapshot = new DurationHistogram().snapshot();

        assertThat(snapshot.cumulativeCounts()).hasSize(DurationHistogram.UPPER_BOUNDS.size() + 1).containsOnly(0L);
        assertThat(snapshot.sumSeconds()).isZero();
    }
}
