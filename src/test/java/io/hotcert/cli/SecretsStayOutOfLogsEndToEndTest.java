package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.toolbox.JoseUtils;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.WrongKeyAuthorization;

/**
 * Real renewals against Pebble with hotcert's own loggers at DEBUG: an account registered with
 * External Account Binding, an EC and an RSA certificate, and a failed HTTP-01 validation whose
 * error carries the CA's account of the key authorization. Neither the log events (with their
 * stack traces), nor the lines written to the console, nor the command's output may hold a
 * private key, the EAB HMAC key or a full key authorization.
 */
@EndToEnd
class SecretsStayOutOfLogsEndToEndTest {

    private static final String KID = "secrets-fleet";
    private static final String HMAC = "qV2kS9cXbZr4pT7wL1mN8yF3hJ6gD0eA5uB2oC9iK4sX7zR1vW3nM6tQ8yP0lE5j";

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension(Map.of("PEBBLE_EAB_KID", KID, "PEBBLE_EAB_HMAC", HMAC));

    @TempDir
    Path work;

    @Test
    void noPrivateKeyEabKeyOrKeyAuthorizationIsLoggedAtDebug() throws Exception {
        Path config = work.resolve("hotcert.properties");
        Files.writeString(config, CA.pebble().configFor("secrets.example.test", work.resolve("storage"))
                + "https.port=0\nacme.eab.kid=" + KID + "\nacme.eab.hmac-key=" + HMAC + "\n");
        var hotcert = (Logger) LoggerFactory.getLogger("io.hotcert");
        Level before = hotcert.getLevel();
        var console = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        var outputs = new ArrayList<Cli.Result>();
        String events;
        hotcert.setLevel(Level.DEBUG);
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try (var captured = new CapturedLogs()) {
            outputs.add(Cli.run("--config", config.toString(), "renew"));
            Files.writeString(config, Files.readString(config) + "key.type=rsa-2048\n");
            outputs.add(Cli.run("--config", config.toString(), "renew", "--force"));
            outputs.add(failedValidation(config));
            outputs.add(Cli.run("--config", config.toString(), "status", "--json"));
            events = captured.text();
        } finally {
            System.setOut(realOut);
            hotcert.setLevel(before);
        }

        assertThat(outputs.get(0).exitCode()).as(outputs.get(0).toString()).isZero();
        assertThat(outputs.get(1).exitCode()).as(outputs.get(1).toString()).isZero();
        assertThat(outputs.get(2).exitCode()).as(outputs.get(2).toString()).isEqualTo(1);
        assertThat(outputs.get(2).err()).contains("validation failed: ");
        String everything = events + "\n" + console.toString(StandardCharsets.UTF_8) + "\n" + outputs;
        assertThat(everything).contains("account registered").contains("but key.type is rsa-2048")
                .contains("<6>INFO  RenewalService: secrets.example.test: renewing");
        for (String secret : secrets()) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(everything).doesNotContain("PRIVATE KEY").doesNotContain("private exponent");
    }

    /** Pebble's validation reaches an impostor answering a wrong key authorization; Pebble quotes the right one. */
    private Cli.Result failedValidation(Path config) throws IOException {
        String original = Files.readString(config);
        // A name of its own, so that no authorization Pebble may still hold for the others applies.
        Files.writeString(config, original.replace("http.port=" + CA.pebble().validationPort(),
                "http.port=" + FreePort.pick()).replace("domains=secrets.example.test",
                "domains=impostor.example.test"));
        try (var impostor = WrongKeyAuthorization.answerOn(CA.pebble().validationPort())) {
            return Cli.run("--config", config.toString(), "renew", "--force");
        } finally {
            Files.writeString(config, original);
        }
    }

    /**
     * The HMAC key, the account key's thumbprint (the secret half of every key authorization), and
     * each private key stored, as PEM lines and as its private number in decimal and hex.
     */
    private List<String> secrets() throws Exception {
        var secrets = new ArrayList<String>();
        secrets.add(HMAC);
        Path accountKey = work.resolve("storage/account/privkey.pem");
        secrets.add(AcmeUtils.base64UrlEncode(JoseUtils.thumbprint(Pem.readKeyPair(accountKey).getPublic())));
        List<Path> keys = new ArrayList<>(List.of(accountKey));
        try (Stream<Path> sets = Files.list(work.resolve("storage/archive"))) {
            sets.map(set -> set.resolve("privkey.pem")).forEach(keys::add);
        }
        assertThat(keys).hasSize(3);
        for (Path key : keys) {
            Files.readAllLines(key).stream().filter(line -> !line.startsWith("-----")).forEach(secrets::add);
            PrivateKey privateKey = Pem.readPrivateKey(key);
            var number = privateKey instanceof ECPrivateKey ec ? ec.getS()
                    : ((RSAPrivateKey) privateKey).getPrivateExponent();
            secrets.add(number.toString());
            secrets.add(number.toString(16));
        }
        return secrets;
    }
}
