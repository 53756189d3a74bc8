package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.DaemonProcess;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;
import io.hotcert.testing.TestTls;

/**
 * A board with no DNS name (RFC 8738): a certificate for {@code 127.0.0.1} and {@code ::1},
 * validated by Pebble over HTTP-01 at each address, stored, verified and served to a client that
 * sends no SNI (none is sent for an IP address). Pebble issues 160-hour certificates here, as Let's
 * Encrypt's shortlived profile does, so that the renewal moment for them is checked too.
 */
@EndToEnd
@ServesHttps
class IpAddressCertificateEndToEndTest {

    private static final Duration SHORT_LIFETIME = Duration.ofHours(160);
    /** Where Pebble connects for TLS-ALPN-01, so the HTTPS port of the test that uses it. */
    private static final int ALPN_PORT = FreePort.pick();

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of(
            "PEBBLE_CERT_VALIDITY", Long.toString(SHORT_LIFETIME.toSeconds()),
            "PEBBLE_TLS_PORT", Integer.toString(ALPN_PORT)));

    @TempDir
    Path work;

    @Test
    void issuesStoresVerifiesAndServesACertificateForLoopbackAddresses() throws Exception {
        int httpsPort = FreePort.pick();
        Path site = Files.createDirectories(work.resolve("site"));
        Path storage = work.resolve("storage");
        // Pebble connects to each address on its HTTP port: the responder must listen on both.
        String caLines = CA.pebble().configFor("127.0.0.1, 0:0:0:0:0:0:0:1", storage)
                .replace("http.address=127.0.0.1\n", "http.address=127.0.0.1,::1\n");
        Path config = Files.writeString(work.resolve("hotcert.properties"), caLines + String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                "https.static-dir=" + site,
                ""));

        try (var daemon = DaemonProcess.run(config, work.resolve("daemon.log"))) {
            daemon.awaitLog("HTTPS serves renewed live set", Duration.ofSeconds(90));

            Path live = storage.resolve("live");
            List<X509Certificate> chain = Pem.readCertificates(live.resolve("fullchain.pem"));
            new ChainVerifier(Clock.systemUTC()).verify(
                    new CertificateSet(Pem.readPrivateKey(live.resolve("privkey.pem")), chain), List.of("127.0.0.1", "::1"));
            var stored = CertificateSummary.of(chain.get(0));
            assertThat(stored.names()).containsExactlyInAnyOrder("127.0.0.1", "::1");
            assertThat(chain.get(0).getSubjectAlternativeNames()).allMatch(name -> name.get(0).equals(7));

            try (var socket = TestTls.connect(httpsPort, List.of())) {
                var served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertThat(served.getSerialNumber()).isEqualTo(chain.get(0).getSerialNumber());
                assertThat(CertificateSummary.of(served).names()).containsExactlyInAnyOrder("127.0.0.1", "::1");
            }

            var status = Cli.run("--config", config.toString(), "status");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(Duration.between(stored.notBefore(), stored.notAfter())).isLessThanOrEqualTo(SHORT_LIFETIME);
            var halfLifetime = Duration.between(stored.notBefore(), stored.notAfter()).dividedBy(2);
            assertThat(status.out()).as("renewal of a short-lived certificate starts at half its lifetime")
                    .contains("between " + stored.notAfter().minus(halfLifetime).truncatedTo(ChronoUnit.SECONDS) + " and ");
        }
    }

    @Test
    void anAddressIsValidatedThroughTlsAlpn01WithItsReverseNameAsTheServerName() throws Exception {
        Path site = Files.createDirectories(work.resolve("site"));
        Path storage = work.resolve("storage");
        // No HTTP-01 at all: hotcert's HTTP listener off, so only TLS-ALPN-01 can prove the addresses.
        String caLines = CA.pebble().configFor("127.0.0.1, ::1", storage)
                .replace("http.address=127.0.0.1\n", "").replaceAll("http\\.port=\\d+\n", "");
        Path config = Files.writeString(work.resolve("hotcert.properties"), caLines + String.join("\n",
                "http.port=0",
                "acme.challenges=tls-alpn-01",
                "https.address=127.0.0.1,::1",
                "https.port=" + ALPN_PORT,
                "https.static-dir=" + site,
                ""));

        var renew = Cli.run("--config", config.toString(), "renew");

        assertThat(renew.exitCode()).as(renew.toString()).isZero();
        var stored = CertificateSummary.of(Pem.readCertificates(storage.resolve("live/cert.pem")).get(0));
        assertThat(stored.names()).containsExactlyInAnyOrder("127.0.0.1", "::1");
    }
}
