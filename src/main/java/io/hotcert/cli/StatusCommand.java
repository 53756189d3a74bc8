package io.hotcert.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
        var report = new Report(settings.domains(), store.liveDir(), store.liveId(), cert,
                wiring.renewalPolicy().decide(cert), parent.context().clock().instant());

        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? report.json() : report.text());
        out.flush();
        return ExitCodes.OK;
    }

    /** What status shows, as one value rendered either for a person or for a script. */
    private record Report(List<String> domains, Path live, Optional<String> liveSet,
            Optional<CertificateSummary> certificate, RenewalDecision decision, Instant now) {

        String json() {
            var report = new LinkedHashMap<String, Object>();
            report.put("domains", domains);
            report.put("live", live.toString());
            report.put("liveSet", liveSet.orElse(null));
            report.put("certificate", certificate.map(this::certificateFields).orElse(null));
            report.put("renewalDue", decision.due());
            report.put("renewalReason", decision.reason());
            report.put("renewAt", decision.renewAt().map(Object::toString).orElse(null));
            return JsonUtil.toJson(report);
        }

        private Map<String, Object> certificateFields(CertificateSummary c) {
            var fields = new LinkedHashMap<String, Object>();
            fields.put("names", c.dnsNames());
            fields.put("serial", c.serial());
            fields.put("issuer", c.issuer());
            fields.put("notBefore", c.notBefore().toString());
            fields.put("notAfter", c.notAfter().toString());
            fields.put("secondsLeft", Duration.between(now, c.notAfter()).toSeconds());
            fields.put("keyType", keyType(c));
            return fields;
        }

        String text() {
            var s = new StringBuilder();
            line(s, "domains", String.join(", ", domains));
            if (certificate.isEmpty()) {
                line(s, "certificate", "none yet");
            } else {
                CertificateSummary c = certificate.get();
                line(s, "names", String.join(", ", c.dnsNames()));
                line(s, "serial", c.serial());
                line(s, "issuer", c.issuer());
                line(s, "not before", c.notBefore().toString());
                line(s, "not after", c.notAfter().toString());
                line(s, "time left", RenewalPolicy.humanDuration(Duration.between(now, c.notAfter())) + " of "
                        + RenewalPolicy.humanDuration(Duration.between(c.notBefore(), c.notAfter())));
                line(s, "key type", keyType(c));
            }
            line(s, "live", live + liveSet.map(id -> " -> archive/" + id).orElse(""));
            line(s, "renewal", (decision.due() ? "due now: " : "") + decision.reason());
            return s.toString().stripTrailing();
        }

        private static String keyType(CertificateSummary c) {
            return c.keyType().map(Object::toString).orElse("unknown");
        }

        private static void line(StringBuilder s, String label, String value) {
            s.append(String.format("%-12s %s%n", label + ":", value));
        }
    }
}
