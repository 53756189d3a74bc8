package io.hotcert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

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
}
