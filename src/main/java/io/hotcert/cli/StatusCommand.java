package io.hotcert.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jose4j.json.JsonUtil;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.renewal.RenewalDecision;
import io.hotcert.renewal.RenewalPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the managed certificate, its lifetime and when it will be renewed.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private HotcertCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object, for scripts")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        var settings = parent.loadSettings();
        var wiring = new Wiring(settings, parent.context().clock());
        var store = wiring.certificateStore();
        Optional<CertificateSummary> cert = store.readLiveChain().map(chain -> CertificateSummary.of(chain.get(0)));
        RenewalDecision decision = wiring.renewalPolicy().decide(cert);

        var report = new LinkedHashMap<String, Object>();
        report.put("domains", settings.domains());
        report.put("live", store.liveDir().toString());
        report.put("liveSet", store.liveId().orElse(null));
        report.put("certificate", cert.map(c -> certificateFields(c)).orElse(null));
        report.put("renewalDue", decision.due());
        report.put("renewalReason", decision.reason());
        report.put("renewAt", decision.renewAt().map(Object::toString).orElse(null));

        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? JsonUtil.toJson(report) : text(report, cert));
        out.flush();
        return ExitCodes.OK;
    }

    private Map<String, Object> certificateFields(CertificateSummary c) {
        Duration left = Duration.between(parent.context().clock().instant(), c.notAfter());
        var fields = new LinkedHashMap<String, Object>();
        fields.put("names", c.dnsNames());
        fields.put("serial", c.serial());
        fields.put("issuer", c.issuer());
        fields.put("notBefore", c.notBefore().toString());
        fields.put("notAfter", c.notAfter().toString());
        fields.put("secondsLeft", left.toSeconds());
        fields.put("keyType", c.keyType().map(Object::toString).orElse("unknown"));
        return fields;
    }

    private String text(Map<String, Object> report, Optional<CertificateSummary> cert) {
        var s = new StringBuilder();
        line(s, "domains", String.join(", ", (Iterable<String>) report.get("domains")));
        if (cert.isEmpty()) {
            line(s, "certificate", "none yet");
        } else {
            CertificateSummary c = cert.get();
            line(s, "names", String.join(", ", c.dnsNames()));
            line(s, "serial", c.serial());
            line(s, "issuer", c.issuer());
            line(s, "not before", c.notBefore().toString());
            line(s, "not after", c.notAfter().toString());
            line(s, "time left", RenewalPolicy.humanDuration(Duration.between(parent.context().clock().instant(),
                    c.notAfter())) + " of " + RenewalPolicy.humanDuration(Duration.between(c.notBefore(), c.notAfter())));
            line(s, "key type", c.keyType().map(Object::toString).orElse("unknown"));
        }
        line(s, "live", report.get("live") + (report.get("liveSet") == null ? "" : " -> archive/" + report.get("liveSet")));
        line(s, "renewal", (Boolean.TRUE.equals(report.get("renewalDue")) ? "due now: " : "") + report.get("renewalReason"));
        return s.toString().stripTrailing();
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format("%-12s %s%n", label + ":", value));
    }
}
