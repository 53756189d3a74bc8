package io.hotcert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hotcert.server.DurationHistogram;

class PrometheusTextTest {

    @Test
    void writesHelpTypeAndSamplesInTheTextFormat() {
        var labelled = new LinkedHashMap<String, Long>();
        labelled.put("2xx", 3L);
        labelled.put("a\"b\\c\nd", 1L);

        String text = new PrometheusText()
                .counter("x_total", "Things.\nCounted.", 7)
                .counter("y_total", "By code.", "code", labelled)
                .gauge("z_seconds", "Known.", Optional.of(-5L))
                .gauge("w_seconds", "Unknown.", Optional.empty())
                .counter("v_seconds_total", "A sum of seconds.", 1.25)
                .gauge("v_state", "By engine.", "engine", Map.of("on", 1L))
                .toString();

        assertThat(text).isEqualTo("""
                # HELP x_total Things.\\nCounted.
                # TYPE x_total counter
                x_total 7
                # HELP y_total By code.
                # TYPE y_total counter
                y_total{code="2xx"} 3
                y_total{code="a\\"b\\\\c\\nd"} 1
                # HELP z_seconds Known.
                # TYPE z_seconds gauge
                z_seconds -5
                # HELP w_seconds Unknown.
                # TYPE w_seconds gauge
                # HELP v_seconds_total A sum of seconds.
                # TYPE v_seconds_total counter
                v_seconds_total 1.25
                # HELP v_state By engine.
                # TYPE v_state gauge
                v_state{engine="on"} 1
                """);
    }

    @Test
    void writesAHistogramWithCumulativeBucketsInfSumAndCount() {
        var histogram = new DurationHistogram();
        histogram.observe(2_000_000);
        histogram.observe(40_000_000);
        histogram.observe(20_000_000_000L);

        String text = new PrometheusText().histogram("d_seconds", "Durations.", histogram.snapshot()).toString();

        assertThat(text).startsWith("""
                # HELP d_seconds Durations.
                # TYPE d_seconds histogram
                d_seconds_bucket{le="0.001"} 0
                d_seconds_bucket{le="0.0025"} 1
                d_seconds_bucket{le="0.005"} 1
                d_seconds_bucket{le="0.01"} 1
                d_seconds_bucket{le="0.025"} 1
                d_seconds_bucket{le="0.05"} 2
                """).endsWith("""
                d_seconds_bucket{le="5.0"} 2
                d_seconds_bucket{le="10.0"} 2
                d_seconds_bucket{le="+Inf"} 3
                d_seconds_sum 20.042
                d_seconds_count 3
                """);
    }

    @Test
    void writesSamplesWithSeveralLabelsInTheirOrder() {
        var labels = new LinkedHashMap<String, String>();
        labels.put("listener", "https");
        labels.put("limit", "per_\"address\"");

        String text = new PrometheusText()
                .counter("r_total", "Refused.", List.of(PrometheusText.Sample.of(labels, 4),
                        PrometheusText.Sample.of(Map.of(), 0.5)))
                .gauge("g", "None yet.", List.of())
                .summary("s_seconds", "By collector.", "gc", Map.of("Copy", new PrometheusText.CountAndSum(3, 0.012)))
                .toString();

        assertThat(text).isEqualTo("""
                # HELP r_total Refused.
                # TYPE r_total counter
                r_total{listener="https",limit="per_\\"address\\""} 4
                r_total 0.5
                # HELP g None yet.
                # TYPE g gauge
                # HELP s_seconds By collector.
                # TYPE s_seconds summary
                s_seconds_count{gc="Copy"} 3
                s_seconds_sum{gc="Copy"} 0.012
                """);
    }
}
