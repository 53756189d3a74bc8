package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.toolbox.JoseUtils;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.WrongKeyAuthorization;

/**
 * {@code hotcert renew} and {@code status} against a real Pebble: real HTTPS to the CA, real
 * HTTP-01 validation of hotcert's own responder, real files checked with openssl.
 */
@EndToEnd
class RenewEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    @TempDir
    Path work;

    @Test
    void firstIssuanceStoresAVerifiedChainAndMatchingKey() throws Exception {
        Path config = config("board1.example.test", "ec-p256");

        var result = Cli.run("--config", config.toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("renewed (no certificate yet)");
        Path live = work.resolve("storage/live");
        assertThat(openssl("verify", "-CAfile", CA.pebble().root().toString(), "-untrusted",
                live.resolve("chain.pem").toString(), live.resolve("cert.pem").toString()))
                .contains("cert.pem: OK");
        assertThat(Files.getPosixFilePermissions(live.resolve("privkey.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<X509Certificate> full = Pem.readCertificates(live.resolve("fullchain.pem"));
        List<X509Certificate> leaf = Pem.readCertificates(live.resolve("cert.pem"));
        List<X509Certificate> chain = Pem.readCertificates(live.resolve("chain.pem"));
        assertThat(chain).isNotEmpty();
        assertThat(full).containsExactlyElementsOf(concat(leaf, chain));
        assertThat(publicKeyOfPrivateKey(live.resolve("privkey.pem")))
                .isEqualTo(publicKeyOfCertificate(live.resolve("cert.pem")));
        assertThat(CertificateSummary.of(leaf.get(0)).names()).containsExactly("board1.example.test");
    }

    @Test
    void aDryRunOrdersForRealButTouchesNeitherLiveNorTheAccount() throws Exception {
        Path config = config("dry.example.test", "ec-p256");
        assertThat(Cli.run("--config", config.toString(), "renew").exitCode()).isZero();
        Path storage = work.resolve("storage");
        Path liveTarget = Files.readSymbolicLink(storage.resolve("live"));
        byte[] accountKey = Files.readAllBytes(storage.resolve("account/privkey.pem"));
        long archived;
        try (var sets = Files.list(storage.resolve("archive"))) {
            archived = sets.count();
        }

        var result = Cli.run("--config", config.toString(), "renew", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("dry run against " + CA.pebble().directory() + ": issued serial ")
                .contains("for dry.example.test");
        assertThat(Files.readSymbolicLink(storage.resolve("live"))).isEqualTo(liveTarget);
        assertThat(Files.readAllBytes(storage.resolve("account/privkey.pem"))).isEqualTo(accountKey);
        try (var sets = Files.list(storage.resolve("archive"))) {
            assertThat(sets.count()).isEqualTo(archived);
        }
    }

    @Test
    void forcedRenewalGivesANewSerialAndKeyWhileUnforcedOneIsNotDue() throws Exception {
        Path config = config("board2.example.test", "ec-p256");
        assertThat(Cli.run("--config", config.toString(), "renew").exitCode()).isZero();
        Path live = work.resolve("storage/live");
        X509Certificate first = Pem.readCertificates(live.resolve("cert.pem")).get(0);

        var notDue = Cli.run("--config", config.toString(), "renew");
        assertThat(notDue.exitCode()).as(notDue.toString()).isZero();
        assertThat(notDue.out()).startsWith("not due:");
        assertThat(Pem.readCertificates(live.resolve("cert.pem")).get(0)).isEqualTo(first);

        var forced = Cli.run("--config", config.toString(), "renew", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        X509Certificate second = Pem.readCertificates(live.resolve("cert.pem")).get(0);
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(second.getPublicKey()).isNotEqualTo(first.getPublicKey());
        try (var sets = Files.list(work.resolve("storage/archive"))) {
            assertThat(sets.count()).isEqualTo(2);
        }
    }

    @Test
    void rsaKeyAndTwoNamesInOneCertificate() throws Exception {
        Path config = config("zz.example.test,aa.example.test", "rsa-2048");

        var result = Cli.run("--config", config.toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        X509Certificate leaf = Pem.readCertificates(work.resolve("storage/live/cert.pem")).get(0);
        assertThat(leaf.getPublicKey()).isInstanceOfSatisfying(RSAPublicKey.class,
                key -> assertThat(key.getModulus().bitLength()).isEqualTo(2048));
        assertThat(CertificateSummary.of(leaf).names()).containsExactlyInAnyOrder("zz.example.test", "aa.example.test");
    }

    @Test
    void ecP384Key() throws Exception {
        var result = Cli.run("--config", config("p384.example.test", "ec-p384").toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        X509Certificate leaf = Pem.readCertificates(work.resolve("storage/live/cert.pem")).get(0);
        assertThat(leaf.getPublicKey()).isInstanceOfSatisfying(ECPublicKey.class,
                key -> assertThat(key.getParams().getOrder().bitLength()).isEqualTo(384));
    }

    @Test
    void failedValidationExitsOneAndLeavesTheStoredCertificateUntouched() throws Exception {
        Path config = config("board3.example.test", "ec-p256");
        assertThat(Cli.run("--config", config.toString(), "renew").exitCode()).isZero();
        Path live = work.resolve("storage/live");
        byte[] keyBefore = Files.readAllBytes(live.resolve("privkey.pem"));
        byte[] chainBefore = Files.readAllBytes(live.resolve("fullchain.pem"));
        Path liveTarget = Files.readSymbolicLink(live);

        // Pebble's validation now reaches an impostor answering with a wrong key authorization,
        // while hotcert's own responder listens on another port. The order is for a name of its
        // own, so that no authorization Pebble may still hold from the first renewal applies.
        int ownPort = FreePort.pick();
        Files.writeString(config, Files.readString(config)
                .replace("http.port=" + CA.pebble().validationPort(), "http.port=" + ownPort)
                .replace("domains=board3.example.test", "domains=board3-impostor.example.test"));
        Cli.Result result;
        try (var impostor = WrongKeyAuthorization.answerOn(CA.pebble().validationPort())) {
            result = Cli.run("--config", config.toString(), "renew", "--force");
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("validation failed: ").contains("board3-impostor.example.test")
                .contains("<account thumbprint>").doesNotContain(accountThumbprint());
        assertThat(Files.readSymbolicLink(live)).isEqualTo(liveTarget);
        assertThat(Files.readAllBytes(live.resolve("privkey.pem"))).isEqualTo(keyBefore);
        assertThat(Files.readAllBytes(live.resolve("fullchain.pem"))).isEqualTo(chainBefore);
    }

    @Test
    void unreachableCaExitsSeventyFiveAndStoresNothing() throws Exception {
        Path config = config("board4.example.test", "ec-p256");
        int closedPort = FreePort.pick();
        Files.writeString(config, Files.readString(config).replace(CA.pebble().directory().toString(),
                "https://127.0.0.1:" + closedPort + "/dir"));

        var result = Cli.run("--config", config.toString(), "renew");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(75);
        assertThat(result.err()).contains("the CA cannot be reached: connection refused by 127.0.0.1:" + closedPort)
                .doesNotContain("Exception");
        assertThat(work.resolve("storage/live")).doesNotExist();
    }

    @Test
    void statusShowsTheLiveCertificateAsJsonAndText() throws Exception {
        Path config = config("board5.example.test", "ec-p256");
        assertThat(Cli.run("--config", config.toString(), "renew").exitCode()).isZero();
        String serial = CertificateSummary.of(Pem.readCertificates(work.resolve("storage/live/cert.pem")).get(0)).serial();

        var json = Cli.run("--config", config.toString(), "status", "--json");
        var text = Cli.run("--config", config.toString(), "status");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"serial\":\"" + serial + "\"").contains("\"keyType\":\"ec-p256\"")
                .contains("\"renewalDue\":false").contains("board5.example.test")
                .contains("\"lastChallenge\":\"http-01\"");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("serial:      " + serial).contains("key type:    ec-p256")
                .contains("challenge:   http-01 (last renewal, ")
                .contains(work.resolve("storage/live").toString());
    }

    private String accountThumbprint() throws IOException {
        var accountKey = Pem.readKeyPair(work.resolve("storage/account/privkey.pem")).getPublic();
        return AcmeUtils.base64UrlEncode(JoseUtils.thumbprint(accountKey));
    }

    private Path config(String domains, String keyType) throws IOException {
        Path file = work.resolve("hotcert.properties");
        Files.writeString(file, CA.pebble().configFor(domains, work.resolve("storage")) + String.join("\n",
                "acme.email=ops@example.test",
                "key.type=" + keyType,
                "https.port=0",
                ""));
        return file;
    }

    private static List<X509Certificate> concat(List<X509Certificate> a, List<X509Certificate> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String publicKeyOfPrivateKey(Path key) throws Exception {
        return openssl("pkey", "-in", key.toString(), "-pubout");
    }

    private static String publicKeyOfCertificate(Path cert) throws Exception {
        return openssl("x509", "-in", cert.toString(), "-noout", "-pubkey");
    }

    private static String openssl(String... args) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), output).isZero();
        return output;
    }
}
