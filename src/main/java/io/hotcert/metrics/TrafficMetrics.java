package io.hotcert.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.hotcert.server.BackendWaits;
import io.hotcert.server.ConnectionCounts;
import io.hotcert.server.ConnectionCounts.Limit;
import io.hotcert.server.ConnectionCounts.Scheme;
import io.hotcert.server.RequestCounter;

/**
 * What the web server carries: HTTPS requests by status class and by duration, the proxy's time
 * on the backend and its waits for a connection, and the listeners' connections, open and ended
 * by a limit.
 */
public record TrafficMetrics(RequestCounter requests, BackendWaits backendWaits, ConnectionCounts connections) {

    /** The proxy's 503 for a request that could not wait for a backend connection, beside the connection limits. */
    private static final String BACKEND_WAIT = "backend_wait";

    void writeTo(PrometheusText text) {
        var requestsByClass = new LinkedHashMap<String, Long>();
        for (int statusClass = 1; statusClass <= 5; statusClass++) {
            requestsByClass.put(statusClass + "xx", requests.completed(statusClass));
        }
        text.counter("hotcert_https_requests_total", "Requests the HTTPS listener answered, by status class.",
                        "code", requestsByClass)
                .histogram("hotcert_https_request_duration_seconds",
                        "Time from a request's head read to its response handed to the connection, on the HTTPS"
                                + " listener.",
                        requests.durations())
                .histogram("hotcert_backend_duration_seconds",
                        "Time from a backend connection in hand to the backend's response relayed, for proxied"
                                + " requests.",
                        backendWaits.backendTimes())
                .gauge("hotcert_backend_waiting_requests",
                        "Proxied requests waiting for a backend connection now (the pool is busy, or the backend slow"
                                + " to accept).",
                        Optional.of((long) backendWaits.waiting()))
                .counter("hotcert_backend_connection_waits_total",
                        "Waits for a backend connection since the start; with the next, the average wait.",
                        backendWaits.waits())
                .counter("hotcert_backend_connection_wait_seconds_total",
                        "Seconds proxied requests spent waiting for a backend connection since the start.",
                        backendWaits.waitedSeconds())
                .counter("hotcert_backend_busy_total",
                        "Proxied requests answered 503 because too many waited for a backend connection, or one"
                                + " waited too long.",
                        backendWaits.turnedAway())
                .gauge("hotcert_connections_open", "Connections the listeners hold open now, by scheme.",
                        Arrays.stream(Scheme.values()).map(scheme -> PrometheusText.Sample.of(
                                Map.of("listener", label(scheme)), connections.open(scheme))).toList())
                .counter("hotcert_connections_refused_total",
                        "Connections or requests a limit ended since the start, by listener and limit.", refusals());
    }

    private List<PrometheusText.Sample> refusals() {
        var samples = new ArrayList<PrometheusText.Sample>();
        for (Scheme scheme : Scheme.values()) {
            for (Limit limit : Limit.values()) {
                // Plain HTTP has no handshake and no HTTP/2: only the address share applies there.
                if (scheme == Scheme.HTTPS || limit == Limit.PER_ADDRESS) {
                    samples.add(refused(scheme, label(limit), connections.refused(scheme, limit)));
                }
            }
        }
        samples.add(refused(Scheme.HTTPS, BACKEND_WAIT, backendWaits.turnedAway()));
        return samples;
    }

    private static PrometheusText.Sample refused(Scheme scheme, String limit, long count) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("listener", label(scheme));
        labels.put("limit", limit);
        return PrometheusText.Sample.of(labels, count);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
