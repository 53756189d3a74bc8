package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.Knot;
import io.hotcert.testing.PebbleExtension;

/**
 * DNS-01 through RFC 2136 against a real Pebble that resolves through Debian's Knot, the zone's
 * authoritative primary on loopback, which takes hotcert's updates signed with a TSIG key: a
 * wildcard and its base name issued, the records gone afterwards, and a wrong secret refused by
 * the server, named in the error, with nothing stored.
 */
@EndToEnd
class Dns01EndToEndTest {

    private static final String ZONE = "dns.example.test";
    private static final String KEY = "hotcert.";
    private static final String SECRET = "aG90Y2VydC10c2lnLXRlc3Qta2V5LTAxMjM0NTY3ODk=";
    private static final String WRONG_SECRET = "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC0wMTIzNDU=";
    private static final int DNS_PORT = FreePort.pick();

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of("PEBBLE_DNS_SERVER", "127.0.0.1:" + DNS_PORT));

    private static Knot knot;

    @TempDir
    Path work;

    @BeforeAll
    static void startKnot(@TempDir Path knotDir) throws Exception {
        knot = Knot.serve(knotDir, DNS_PORT, ZONE, KEY, SECRET);
    }

    @AfterAll
    static void stopKnot() throws Exception {
        if (knot != null) {
            knot.close();
        }
    }

    @Test
    void aWildcardAndItsBaseNameAreIssuedThroughDns01AndTheRecordsAreGoneAfterwards() throws Exception {
        Path config = config("*." + ZONE + "," + ZONE, SECRET);

        Cli.Result result;
        Duration took;
        String logs;
        try (var captured = new CapturedLogs()) {
            long start = System.nanoTime();
            result = Cli.run("--config", config.toString(), "renew");
            took = Duration.ofNanos(System.nanoTime() - start);
            logs = captured.text();
        }

        assertThat(result.exitCode()).as(result + knot.log()).isZero();
        var leaf = Pem.readCertificates(work.resolve("storage/live/cert.pem")).get(0);
        assertThat(CertificateSummary.of(leaf).names()).containsExactlyInAnyOrder("*." + ZONE, ZONE);
        assertThat(logs).contains("*." + ZONE + ": validated (dns-01)", ZONE + ": validated (dns-01)")
                .doesNotContain("(http-01)").doesNotContain(SECRET);
        assertThat(knot.txt("_acme-challenge." + ZONE + ".")).isEmpty();
        // Two authorizations, one type: status names it once.
        assertThat(Cli.run("--config", config.toString(), "status", "--json").out())
                .contains("\"lastChallenge\":\"dns-01\"");
        System.out.printf("DNS-01 issuance of %s and %s, one in-process renew: %d ms%n", "*." + ZONE, ZONE,
                took.toMillis());
    }

    @Test
    void aWrongSecretIsRefusedByTheServerNamedInTheErrorWithExit1AndNothingStored() throws Exception {
        Path config = config(ZONE, WRONG_SECRET);

        var result = Cli.run("--config", config.toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("dns.server 127.0.0.1:" + DNS_PORT + " refused the update signed with key '"
                + KEY + "': bad signature (check dns.tsig.secret-file)");
        assertThat(result.toString()).doesNotContain(WRONG_SECRET);
        assertThat(work.resolve("storage/live")).doesNotExist();
        assertThat(knot.txt("_acme-challenge." + ZONE + ".")).isEmpty();
    }

    private Path config(String domains, String secret) throws IOException {
        Path secretFile = work.resolve("tsig.secret");
        Files.writeString(secretFile, secret + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        Path file = work.resolve("hotcert.properties");
        Files.writeString(file, CA.pebble().configFor(domains, work.resolve("storage")) + String.join("\n",
                "https.port=0",
                // A board behind NAT: no inbound port, every name proved by DNS.
                "acme.challenges=dns-01",
                "dns.server=127.0.0.1:" + DNS_PORT,
                "dns.zone=" + ZONE,
                "dns.tsig.name=" + KEY,
                "dns.tsig.secret-file=" + secretFile,
                ""));
        return file;
    }
}
