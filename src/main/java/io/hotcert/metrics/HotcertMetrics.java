package io.hotcert.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.renewal.BuildInfo;
import io.hotcert.renewal.ClockVerdict;
import io.hotcert.renewal.RenewalDecision;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.tls.ServedCertificate;
import io.hotcert.tls.TlsEngine;

/** What the daemon exposes to Prometheus, read afresh at every scrape. */
public final class HotcertMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(HotcertMetrics.class);

    private final ServedCertificate served;
    private final LiveSet live;
    /** The one in force: a reload may change the renewal window, the names or the key type. */
    private final Supplier<RenewalPolicy> policy;
    private final RenewalCounts renewals;
    private final LongAdder swaps;
    private final TrafficMetrics traffic;
    private final Optional<TlsEngine> tlsEngine;
    private final BuildInfo build;
    private final ProcessMetrics process = new ProcessMetrics();
    private final JvmMetrics jvm = new JvmMetrics();

    /** The stored live set, as far as a scrape reads it. */
    public interface LiveSet {
        /** @return empty while there is none yet */
        Optional<List<X509Certificate>> readChain() throws IOException;

        Path dir();

        /** @return how often {@code live} was switched to an archived set since the start */
        long fallbacks();
    }

    /**
     * @param swaps     how often the listener got a new certificate after the first
     * @param tlsEngine what the HTTPS listener runs on; empty when HTTPS is off
     */
    public HotcertMetrics(ServedCertificate served, LiveSet live, Supplier<RenewalPolicy> policy,
            RenewalCounts renewals, LongAdder swaps, TrafficMetrics traffic, Optional<TlsEngine> tlsEngine,
            BuildInfo build) {
        this.served = served;
        this.live = live;
        this.policy = policy;
        this.renewals = renewals;
        this.swaps = swaps;
        this.traffic = traffic;
        this.tlsEngine = tlsEngine;
        this.build = build;
    }

    public String scrape() {
        Optional<RenewalDecision> decision = decision();
        Optional<ClockVerdict> clockVerdict = decision.map(RenewalDecision::clock);
        var engines = new LinkedHashMap<String, Long>();
        tlsEngine.ifPresent(running -> Arrays.stream(TlsEngine.values())
                .forEach(engine -> engines.put(engine.toString(), engine == running ? 1L : 0L)));
        var text = new PrometheusText()
                .gauge("hotcert_build_info", "The version and source revision of the running hotcert; always 1.",
                        List.of(PrometheusText.Sample.of(buildLabels(), 1)))
                .gauge("hotcert_certificate_not_after_timestamp_seconds",
                        "End of validity of the certificate the HTTPS listener serves, in Unix time.",
                        served.current().map(set -> epochSeconds(CertificateSummary.of(set.leaf()).notAfter())))
                .gauge("hotcert_renewal_planned_timestamp_seconds",
                        "When the stored certificate is due for renewal, in Unix time by this board's clock; the time"
                                + " of the scrape when it is due now.",
                        decision.flatMap(HotcertMetrics::plannedAt))
                .gauge("hotcert_clock_plausible",
                        "1 when the clock can judge expiry; 0 when it is before this build or the certificate's"
                                + " notBefore, and renewal waits for it.",
                        clockVerdict.map(verdict -> verdict.plausible() ? 1L : 0L))
                .gauge("hotcert_clock_ahead_seconds",
                        "How far the clock ran ahead of the CA's when the newest certificate arrived, while it still"
                                + " does; renewal is judged by the CA's time meanwhile. 0 when it agrees.",
                        clockVerdict.map(verdict -> verdict.ahead().map(ahead -> ahead.by().toSeconds()).orElse(0L)))
                .counter("hotcert_renewals_total", "Certificates renewed by this daemon since it started.",
                        renewals.renewals())
                .counter("hotcert_renewal_failures_total",
                        "Failed renewals since the daemon started, by the step that failed.", "reason",
                        renewals.failures())
                .gauge("hotcert_last_renewal_success_timestamp_seconds",
                        "When a renewal last succeeded, in Unix time, as far as the attempt history remembers.",
                        renewals.lastSuccess().map(HotcertMetrics::epochSeconds))
                .counter("hotcert_certificate_swaps_total",
                        "New certificates swapped into the HTTPS listener (renewals and reloads) since the start.",
                        swaps.sum())
                .counter("hotcert_live_fallbacks_total",
                        "Times live/ was unusable and was switched to an archived set, since the start.",
                        live.fallbacks())
                .gauge("hotcert_tls_engine", "The TLS engine the HTTPS listener runs on: 1 for the one in use.",
                        "engine", engines);
        traffic.writeTo(text);
        process.writeTo(text);
        jvm.writeTo(text);
        return text.toString();
    }

    private Map<String, String> buildLabels() {
        var labels = new LinkedHashMap<String, String>();
        labels.put("version", build.version());
        labels.put("revision", build.revision());
        return labels;
    }

    /** Empty when the live set cannot be read. */
    private Optional<RenewalDecision> decision() {
        try {
            return Optional.of(policy.get().decide(live.readChain().map(chain -> CertificateSummary.of(chain.get(0)))));
        } catch (IOException e) {
            // The renewal check reports an unreadable live set; a scrape every few seconds must not repeat it.
            LOG.debug("metrics: cannot read {}: {}", live.dir(), e.getMessage());
            return Optional.empty();
        }
    }

    /** None while the clock is implausible. */
    private static Optional<Long> plannedAt(RenewalDecision decision) {
        if (decision.due()) {
            return Optional.of(epochSeconds(decision.clock().now()));
        }
        return decision.renewAt().map(HotcertMetrics::epochSeconds);
    }

    private static long epochSeconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
