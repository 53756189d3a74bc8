package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.KeyType;
import io.hotcert.testing.TestCa;

class SettingsLoaderTest {

    @TempDir
    Path dir;

    private final SettingsLoader loader = new SettingsLoader(Map.of());

    @Test
    void minimalFileGetsEveryDefault() throws Exception {
        Path file = write("domains=example.com", "https.backend=http://127.0.0.1:8080");

        Settings settings = loader.load(file);

        assertThat(settings.domains()).containsExactly("example.com");
        assertThat(settings.acmeDirectory()).isEqualTo(URI.create("https://acme-v02.api.letsencrypt.org/directory"));
        assertThat(settings.acmeEmail()).isEmpty();
        assertThat(settings.termsAgreed()).isFalse();
        assertThat(settings.acmeTrustStore()).isEmpty();
        assertThat(settings.eab()).isEmpty();
        assertThat(settings.acmeProfile()).isEmpty();
        assertThat(settings.keyType()).isEqualTo(KeyType.EC_P256);
        assertThat(settings.storageDir()).isEqualTo(Path.of("/var/lib/hotcert"));
        assertThat(settings.http()).isEqualTo(new ListenAddress("::", 80));
        assertThat(settings.https()).isEqualTo(new ListenAddress("::", 443));
        assertThat(settings.https().enabled()).isTrue();
        assertThat(settings.httpsBackend()).contains(URI.create("http://127.0.0.1:8080"));
        assertThat(settings.httpsStaticDir()).isEmpty();
        assertThat(settings.httpsTlsEngine()).isEqualTo(TlsEngineChoice.AUTO);
        assertThat(settings.httpsOptions()).isEqualTo(new HttpsOptions(java.util.Optional.empty(), AccessLog.OFF));
        assertThat(settings.renewSchedule()).isEmpty();
        assertThat(settings.renewBefore()).isEqualTo(new RenewBefore.Default());
        assertThat(settings.deployHook()).isEmpty();
        assertThat(settings.controlSocket()).isEqualTo(Path.of("/run/hotcert/control.sock"));
        assertThat(settings.metrics()).isEqualTo(new ListenAddress("127.0.0.1", 0));
        assertThat(settings.metrics().enabled()).isFalse();
        assertThat(settings.configFile()).isEqualTo(file.toAbsolutePath().normalize());
    }

    @Test
    void fullFileIsReadIntoTypedValues() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), TestCa.root("hotcert test CA").certificatePem());
        Files.createDirectory(dir.resolve("www"));

        Settings settings = loader.load(write(
                "domains = Example.COM, www.example.com",
                "acme.directory=https://ca.internal:14000/dir",
                "acme.email=admin@example.com",
                "acme.terms-agreed=TRUE",
                "acme.trust-store=ca.pem",
                "acme.eab.kid=kid-1",
                "acme.eab.hmac-key=" + "A".repeat(43),
                "acme.profile=tlsserver",
                "key.type=rsa-3072",
                "storage.dir=state",
                "http.address=127.0.0.1",
                "http.port=8080",
                "https.address=::",
                "https.port=0",
                "https.static-dir=www",
                "https.tls-engine=JDK",
                "renew.schedule=0 17 3,15 * * ?",
                "renew.before-expiry=12h",
                "hooks.deploy=systemctl reload nginx",
                "control.socket=/tmp/hotcert.sock"));

        assertThat(settings.domains()).containsExactly("example.com", "www.example.com");
        assertThat(settings.acmeDirectory()).isEqualTo(URI.create("https://ca.internal:14000/dir"));
        assertThat(settings.acmeEmail()).contains("admin@example.com");
        assertThat(settings.termsAgreed()).isTrue();
        assertThat(settings.acmeTrustStore()).contains(dir.resolve("ca.pem"));
        assertThat(settings.eab()).contains(new ExternalAccountBinding("kid-1", "A".repeat(43)));
        assertThat(settings.acmeProfile()).contains("tlsserver");
        assertThat(settings.keyType()).isEqualTo(KeyType.RSA_3072);
        assertThat(settings.http()).isEqualTo(new ListenAddress("127.0.0.1", 8080));
        assertThat(settings.https()).isEqualTo(new ListenAddress("::", 0));
        assertThat(settings.https().enabled()).isFalse();
        assertThat(settings.httpsStaticDir()).contains(dir.resolve("www"));
        assertThat(settings.httpsTlsEngine()).isEqualTo(TlsEngineChoice.JDK);
        assertThat(settings.renewSchedule()).contains("0 17 3,15 * * ?");
        assertThat(settings.renewBefore()).isEqualTo(new RenewBefore.Fixed(Duration.ofHours(12)));
        assertThat(settings.deployHook()).contains("systemctl reload nginx");
        assertThat(settings.controlSocket()).isEqualTo(Path.of("/tmp/hotcert.sock"));
    }

    @Test
    void relativePathsAreResolvedAgainstTheConfigFilesDirectory() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/hotcert"));
        Files.createDirectories(dir.resolve("etc/www"));
        Files.writeString(etc.resolve("ca.pem"), TestCa.root("hotcert test CA").certificatePem());
        Path file = write(etc.resolve("hotcert.properties"),
                "domains=example.com",
                "storage.dir=state/./certs",
                "acme.trust-store=ca.pem",
                "https.static-dir=../www",
                "control.socket=run/control.sock");

        Settings settings = loader.load(file);

        assertThat(settings.storageDir()).isEqualTo(etc.resolve("state/certs")).isAbsolute();
        assertThat(settings.acmeTrustStore()).contains(etc.resolve("ca.pem"));
        assertThat(settings.httpsStaticDir()).contains(dir.resolve("etc/www"));
        assertThat(settings.controlSocket()).isEqualTo(etc.resolve("run/control.sock"));
    }

    @Test
    void parseResolvesAgainstTheGivenFileEvenIfItIsNeverRead() throws Exception {
        Settings settings = loader.parse(TestConfigs.with("storage.dir", "state"), dir.resolve("conf/x.properties"));

        assertThat(settings.storageDir()).isEqualTo(dir.resolve("conf/state"));
        assertThat(settings.configFile()).isEqualTo(dir.resolve("conf/x.properties"));
    }

    @Test
    void reportsEveryMistakeOfTheFileTogether() throws Exception {
        Path file = write(
                "domains=example.com",
                "https.backend=http://127.0.0.1:8080",
                "http.port=80a",
                "key.type=dsa-1024",
                "https.tls-engine=boringssl",
                "renew.before-expiry=100%");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + ": 4 problems:")
                .extracting(e -> ((ConfigException) e).problems())
                .asInstanceOf(InstanceOfAssertFactories.list(String.class))
                .containsExactly(
                        "key.type: \"dsa-1024\" is not a key type; expected one of " + KeyType.acceptedValues(),
                        "http.port: \"80a\" is not a port number; expected an integer from 0 to 65535",
                        "https.tls-engine: \"boringssl\" is not a TLS engine; expected one of auto, openssl, jdk",
                        "renew.before-expiry: \"100%\" is out of range; expected a share of the lifetime from 1% to 99%"
                                + " (e.g. 33%) or a positive duration in d, h, m or s (e.g. 30d, 12h)");
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() {
        assertThat(problems("acme.emial", "admin@example.com"))
                .containsExactly("acme.emial: unknown key; did you mean acme.email?");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingBothLinesWhicheverValueWouldWin() {
        Path file = write("domains=example.com", "https.backend=http://127.0.0.1:8080", "# a comment",
                "key.type=ec-p256", "storage.dir=/var/lib/a\\", "  /b", "key.type = rsa-2048", "storage.dir /var/lib/c");

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.list(String.class))
                .containsExactly("key.type: given twice, on line 4 and line 7; keep one of them",
                        "storage.dir: given twice, on line 5 and line 8; keep one of them");
    }

    @Test
    void aKeyGivenTwiceIsReportedWithTheOtherProblems() {
        Path file = write("domains=example.com", "https.backend=http://127.0.0.1:8080", "domains=example.org",
                "http.port=eighty");

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).problems(), InstanceOfAssertFactories.list(String.class))
                .hasSize(2).first().isEqualTo("domains: given twice, on line 1 and line 3; keep one of them");
    }

    @Test
    void continuedLinesAndEscapesReadAsPropertiesReadsThem() throws Exception {
        Path file = write("! old-style comment", "domains=example.com,\\", "    www.ex\\u0061mple.com",
                "# https.backend=http://127.0.0.1:1", "https.backend=http://127.0.0.1:8080");

        assertThat(loader.load(file).domains()).containsExactly("example.com", "www.example.com");
    }

    @Test
    void unknownKeyFarFromAnyKnownOneListsTheKnownKeys() {
        assertThat(problems("colour", "blue")).singleElement().asString()
                .startsWith("colour: unknown key; known keys are domains, acme.directory, ")
                .endsWith("control.socket, metrics.address, metrics.port");
    }

    @Test
    void eabHmacKeyNeverAppearsInAMessage() {
        String secret = "c2VjcmV0"; // decodes to 6 bytes: too short
        Path file = write("domains=example.com", "acme.eab.hmac-key=" + secret);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining(secret)
                .hasMessageContaining("acme.eab.hmac-key: the value given decodes to only 6 bytes")
                .hasMessageContaining("acme.eab.kid: missing; acme.eab.hmac-key is set");
    }

    @Test
    void undecodableEabHmacKeyIsNotEchoedEither() {
        String secret = "not base64 at all!!";

        assertThat(problems("acme.eab.kid", "kid-1", "acme.eab.hmac-key", secret))
                .containsExactly("acme.eab.hmac-key: the value given is not base64url;"
                        + " expected the base64url-encoded MAC key from the CA")
                .noneMatch(problem -> problem.contains(secret));
    }

    @Test
    void eabSettingsDoNotShowTheKey() throws Exception {
        String secret = "s3cr3t-" + "k".repeat(29); // 36 base64url characters: 27 bytes
        Settings settings = loader.load(write("domains=example.com", "https.port=0", "acme.eab.kid=kid-1", "acme.eab.hmac-key=" + secret));

        assertThat(settings.toString()).contains("kid-1").doesNotContain(secret);
    }

    @Test
    void eabKidWithoutHmacKeyNamesTheMissingOne() {
        assertThat(problems("acme.eab.kid", "kid-1"))
                .containsExactly("acme.eab.hmac-key: missing; acme.eab.kid is set, and External Account Binding needs both");
    }

    @Test
    void emptyValueIsAnErrorForOptionalAndDefaultedKeysAlike() {
        assertThat(problems("acme.email", " ", "http.port", ""))
                .containsExactlyInAnyOrder(
                        "acme.email: value is empty; remove the line or give a value",
                        "http.port: value is empty; remove the line or give a value");
    }

    @Test
    void domainsAreRequired() {
        var properties = new Properties();
        properties.setProperty("https.port", "0");

        assertThatThrownBy(() -> loader.parse(properties, dir.resolve("x.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("domains: required key is missing");
    }

    @Test
    void missingFileIsOneProblemNamingThePath() {
        Path file = dir.resolve("absent.properties");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .contains("\"" + file + "\" does not exist"));
    }

    @Test
    void directoryInsteadOfFileIsOneProblemNamingThePath() {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .contains("\"" + dir + "\" is not a regular file"));
    }

    @Test
    void locatePrefersCommandLineThenEnvironmentThenDefault() {
        var withEnvironment = new SettingsLoader(Map.of("HOTCERT_CONFIG", "/srv/hotcert.properties"));

        assertThat(withEnvironment.locate(Optional.of(Path.of("cli.properties")))).isEqualTo(Path.of("cli.properties"));
        assertThat(withEnvironment.locate(Optional.empty())).isEqualTo(Path.of("/srv/hotcert.properties"));
        assertThat(new SettingsLoader(Map.of()).locate(Optional.empty())).isEqualTo(SettingsLoader.DEFAULT_CONFIG);
        assertThat(new SettingsLoader(Map.of("HOTCERT_CONFIG", " ")).locate(Optional.empty()))
                .isEqualTo(SettingsLoader.DEFAULT_CONFIG);
    }

    private List<String> problems(String... keysAndValues) {
        return TestConfigs.problems(dir, keysAndValues);
    }

    private Path write(String... lines) {
        return write(dir.resolve("hotcert.properties"), lines);
    }

    private static Path write(Path file, String... lines) {
        try {
            return Files.write(file, List.of(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
