package io.hotcert.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.hotcert.server.DurationHistogram;

/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: hotcert exposes a few
 * dozen numbers, for which a client library's registry, model and writer would only add weight
 * (about 200 classes; see docs/operations.md). Values are whole numbers (counts, bytes, seconds),
 * but for sums of seconds that need a fraction.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    /** One sample of a family with any number of labels, written in the map's order. */
    record Sample(Map<String, String> labels, String value) {

        static Sample of(Map<String, String> labels, long value) {
            return new Sample(labels, Long.toString(value));
        }

        static Sample of(Map<String, String> labels, double value) {
            return new Sample(labels, Double.toString(value));
        }
    }

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

    PrometheusText counter(String name, String help, List<Sample> samples) {
        return family(name, help, "counter", samples);
    }

    PrometheusText gauge(String name, String help, List<Sample> samples) {
        return family(name, help, "gauge", samples);
    }

    /** How many of something and their total seconds, one label value's share of a summary. */
    record CountAndSum(long count, double sumSeconds) {
    }

    /** A summary without quantiles, per label value: its {@code _count} and {@code _sum}. */
    PrometheusText summary(String name, String help, String label, Map<String, CountAndSum> values) {
        header(name, help, "summary");
        values.forEach((labelValue, value) -> {
            String labels = labels(Map.of(label, labelValue));
            sample(name + "_count", labels, value.count());
            sample(name + "_sum", labels, Double.toString(value.sumSeconds()));
        });
        return this;
    }

    /** Cumulative buckets with their {@code le} bounds, {@code +Inf}, then the sum and count, as Prometheus reads them. */
    PrometheusText histogram(String name, String help, DurationHistogram.Snapshot histogram) {
        header(name, help, "histogram");
        List<Long> counts = histogram.cumulativeCounts();
        for (int i = 0; i < histogram.upperBounds().size(); i++) {
            sample(name + "_bucket", "{le=\"" + histogram.upperBounds().get(i) + "\"}", counts.get(i));
        }
        sample(name + "_bucket", "{le=\"+Inf\"}", histogram.count());
        sample(name + "_sum", "", Double.toString(histogram.sumSeconds()));
        sample(name + "_count", "", histogram.count());
        return this;
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
        return family(name, help, type, values.entrySet().stream()
                .map(entry -> Sample.of(Map.of(label, entry.getKey()), entry.getValue())).toList());
    }

    private PrometheusText family(String name, String help, String type, List<Sample> samples) {
        header(name, help, type);
        samples.forEach(sample -> sample(name, labels(sample.labels()), sample.value()));
        return this;
    }

    private static String labels(Map<String, String> labels) {
        return labels.isEmpty() ? "" : labels.entrySet().stream()
                .map(label -> label.getKey() + "=\"" + escape(label.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
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
