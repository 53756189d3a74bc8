package io.hotcert.metrics;

import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: hotcert exposes a
 * dozen numbers, for which a client library's registry, model and writer would only add weight.
 * Values are whole numbers (counts, seconds), but for a sum of seconds that needs a fraction.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    PrometheusText counter(String name, String help, long value) {
        header(name, help, "counter");
        sample(name, "", value);
        return this;
    }

    PrometheusText counter(String name, String help, double value) {
        header(name, help, "counter");
        sample(name, "", Double.toString(value));
        return this;
    }

    /** One counter with one label, a sample per label value, in the map's order. */
    PrometheusText counter(String name, String help, String label, Map<String, Long> values) {
        return labelled(name, help, "counter", label, values);
    }

    /** A gauge whose value may be unknown: then only its HELP and TYPE lines, which Prometheus accepts. */
    PrometheusText gauge(String name, String help, Optional<Long> value) {
        header(name, help, "gauge");
        value.ifPresent(v -> sample(name, "", v));
        return this;
    }

    /** One gauge with one label, a sample per label value, in the map's order. */
    PrometheusText gauge(String name, String help, String label, Map<String, Long> values) {
        return labelled(name, help, "gauge", label, values);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private void header(String name, String help, String type) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private PrometheusText labelled(String name, String help, String type, String label, Map<String, Long> values) {
        header(name, help, type);
        values.forEach((labelValue, value) -> sample(name, "{" + label + "=\"" + escape(labelValue) + "\"}", value));
        return this;
    }

    private void sample(String name, String labels, long value) {
        sample(name, labels, Long.toString(value));
    }

    private void sample(String name, String labels, String value) {
        text.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
