package io.hotcert.status;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.renewal.Attempt;
import io.hotcert.renewal.RenewalDecision;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.storage.AccountRecord;
import io.hotcert.tls.TlsEngine;

/**
 * What {@code hotcert status} shows, as one value rendered either for a person or for a script,
 * so both always carry the same content. Built where the answer comes from: in the running daemon
 * (which knows its timer) or from the files when no daemon runs.
 *
 * @param daemonPid     the daemon that answered; empty when the files were read because none runs
 * @param nextCheck     when the next renewal check runs, if known
 * @param nextCheckNote where {@code nextCheck} comes from, or why there is none
 * @param waitUntil     until when earlier failures hold the next attempt back
 * @param attempts      the recorded renewal attempts, newest first
 * @param running       the newest attempt is still running (it is recorded as interrupted until it ends)
 * @param account       the registered account; empty when none is, or when it could not be read
 * @param accountReadable false when the account record could not be read (a warning then names the path and why)
 * @param tlsEngine     what the daemon's HTTPS listener runs on; empty when the files answered or HTTPS is off
 * @param configFile    the configuration file read
 * @param configLoadedAt when the daemon read it (at start or on its last reload); empty when the files answered
 */
public record StatusReport(Optional<Long> daemonPid, List<String> domains, Path live, Optional<String> liveSet,
        Optional<CertificateSummary> certificate, RenewalDecision decision, Optional<Instant> nextCheck,
        String nextCheckNote, Optional<Instant> waitUntil, List<Attempt> attempts, boolean running,
        Optional<AccountRecord> account, boolean accountReadable, Optional<TlsEngine> tlsEngine, Path configFile,
        Optional<Instant> configLoadedAt, List<String> warnings) {

    /**
     * A person reads times to the second; the JSON keeps them as recorded. Applied to the whole
     * text, since reasons and messages carry times too (a renewal moment in milliseconds, a
     * recorded attempt in microseconds).
     */
    private static final Pattern FRACTION_OF_A_SECOND = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.\\d+Z");

    public StatusReport {
        domains = List.copyOf(domains);
        attempts = List.copyOf(attempts);
        warnings = List.copyOf(warnings);
    }

    String answeredBy() {
        return daemonPid.isPresent() ? "daemon" : "files";
    }

    public Map<String, Object> json() {
        var report = new LinkedHashMap<String, Object>();
        report.put("domains", domains);
        report.put("live", live.toString());
        report.put("liveSet", liveSet.orElse(null));
        report.put("certificate", certificate.map(this::certificateFields).orElse(null));
        report.put("renewalDue", decision.due());
        report.put("renewalReason", decision.reason());
        report.put("renewAt", decision.renewAt().map(Object::toString).orElse(null));
        report.put("answeredBy", answeredBy());
        report.put("daemonPid", daemonPid.orElse(null));
        report.put("nextCheck", text(nextCheck));
        report.put("nextCheckNote", nextCheckNote);
        report.put("nextAttemptNotBefore", text(waitUntil));
        report.put("lastChallenge", lastChallenge().map(a -> String.join(",", a.challenges())).orElse(null));
        report.put("attempts", attempts.stream().map(this::attemptFields).toList());
        report.put("account", account.map(StatusReport::accountFields).orElse(null));
        report.put("tlsEngine", tlsEngine.map(TlsEngine::toString).orElse(null));
        report.put("configFile", configFile.toString());
        report.put("configLoadedAt", text(configLoadedAt));
        report.put("warnings", warnings);
        return report;
    }

    private Map<String, Object> certificateFields(CertificateSummary c) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("names", c.names());
        fields.put("serial", c.serial());
        fields.put("issuer", c.issuer());
        fields.put("notBefore", c.notBefore().toString());
        fields.put("notAfter", c.notAfter().toString());
        fields.put("secondsLeft", timeLeft(c).map(Duration::toSeconds).orElse(null));
        fields.put("keyType", keyType(c));
        return fields;
    }

    /** By the time expiry is judged by: the CA's when the clock runs ahead, none while it is implausible. */
    private Optional<Duration> timeLeft(CertificateSummary c) {
        return decision.clock().plausible() ? Optional.of(Duration.between(decision.clock().judgedAt(), c.notAfter()))
                : Optional.empty();
    }

    private Map<String, Object> attemptFields(Attempt a) {
        boolean runs = isRunning(a);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("at", a.at().toString());
        fields.put("outcome", outcome(a));
        fields.put("step", a.step().orElse(null));
        fields.put("error", runs ? null : a.message().orElse(null));
        fields.put("nextAttemptAt", runs ? null : text(a.nextAttemptAt()));
        fields.put("consecutiveFailures", a.consecutiveFailures());
        return fields;
    }

    private static Map<String, Object> accountFields(AccountRecord a) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("directory", a.directory().toString());
        fields.put("url", a.location().toString());
        fields.put("termsOfService", a.termsOfService().map(URI::toString).orElse(null));
        fields.put("termsOfServiceSeen", a.termsOfServiceSeen().map(URI::toString).orElse(null));
        return fields;
    }

    public String text() {
        var s = new StringBuilder();
        line(s, "answered", daemonPid.map(pid -> "from the daemon (pid " + pid + ")")
                .orElse("from the files; the daemon is not running"));
        line(s, "config", configFile + configLoadedAt.map(at -> " (loaded " + at.truncatedTo(ChronoUnit.SECONDS) + ")")
                .orElse(""));
        line(s, "domains", String.join(", ", domains));
        if (certificate.isEmpty()) {
            line(s, "certificate", "none yet");
        } else {
            CertificateSummary c = certificate.get();
            line(s, "names", String.join(", ", c.names()));
            line(s, "serial", c.serial());
            line(s, "issuer", c.issuer());
            line(s, "not before", c.notBefore().toString());
            line(s, "not after", c.notAfter().toString());
            line(s, "time left", timeLeft(c).map(RenewalPolicy::humanDuration)
                    .orElse("unknown while the clock is implausible") + " of "
                    + RenewalPolicy.humanDuration(Duration.between(c.notBefore(), c.notAfter())));
            line(s, "key type", keyType(c));
        }
        line(s, "live", live + liveSet.map(id -> " -> archive/" + id).orElse(""));
        line(s, "renewal", (decision.due() ? "due now: " : "") + decision.reason());
        line(s, "renew at", decision.renewAt().map(Object::toString).orElse(decision.due() ? "due now" : "unknown")
                + waitUntil.map(until -> "; after failures, not before " + until).orElse(""));
        line(s, "next check", nextCheck.map(at -> at + " (" + nextCheckNote + ")").orElse(nextCheckNote));
        line(s, "account", account.map(a -> a.location() + " at " + a.directory())
                .orElse(accountReadable ? "none registered" : "unknown: the record cannot be read (see the warning)"));
        account.flatMap(AccountRecord::termsOfService).ifPresent(terms -> line(s, "terms", terms + " (agreed)"));
        tlsEngine.ifPresent(engine -> line(s, "TLS engine", engine.toString()));
        lastChallenge().ifPresent(a -> line(s, "challenge", String.join(", ", a.challenges())
                + (a.equals(lastSuccess().orElseThrow()) ? " (last renewal, " + a.at() + ")"
                        : " (renewal at " + a.at() + "; later ones reused its authorizations)")));
        if (attempts.isEmpty()) {
            line(s, "attempts", "none recorded");
        } else {
            s.append(String.format("attempts:    newest first%n"));
            attempts.forEach(a -> s.append("  ").append(describe(a)).append(System.lineSeparator()));
        }
        warnings.forEach(warning -> line(s, "WARNING", warning));
        return FRACTION_OF_A_SECOND.matcher(s).replaceAll("$1Z").stripTrailing();
    }

    /**
     * The newest success that recorded how the CA validated it. A later success without one got
     * its certificate on authorizations still valid from that renewal, so the challenge it
     * names is still the one the board relies on.
     */
    private Optional<Attempt> lastChallenge() {
        return attempts.stream().filter(a -> !a.failed() && !a.challenges().isEmpty()).findFirst();
    }

    private Optional<Attempt> lastSuccess() {
        return attempts.stream().filter(a -> !a.failed()).findFirst();
    }

    private String describe(Attempt a) {
        if (isRunning(a)) {
            return a.at() + " running";
        }
        var parts = new ArrayList<String>();
        parts.add(a.at() + " " + outcome(a) + a.step().map(step -> " at " + step).orElse(""));
        a.message().ifPresent(parts::add);
        a.nextAttemptAt().ifPresent(next -> parts.add("next attempt not before " + next));
        return String.join("; ", parts);
    }

    private String outcome(Attempt a) {
        return isRunning(a) ? "running" : a.outcome().name().toLowerCase(Locale.ROOT);
    }

    private boolean isRunning(Attempt a) {
        return running && a.equals(attempts.get(0));
    }

    private static Object text(Optional<Instant> instant) {
        return instant.map(Object::toString).orElse(null);
    }

    private static String keyType(CertificateSummary c) {
        return c.keyType().map(Object::toString).orElse("unknown");
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format("%-12s %s%n", label + ":", value));
    }
}
