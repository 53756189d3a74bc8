package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code challenge.webroot}: another web server answers HTTP-01, so hotcert's HTTP listener is off. */
class WebrootSettingsTest {

    private static final String EXPECTED = "expected the document root of the web server that answers HTTP-01 on"
            + " port 80, with .well-known/acme-challenge in it writable by hotcert (under systemd: ReadWritePaths=)";

    @TempDir
    Path dir;

    @Test
    void withoutAWebrootHotcertListensOnHttpAsBefore() throws ConfigException {
        Settings settings = TestConfigs.parse(dir);

        assertThat(settings.challengeWebroot()).isEmpty();
        assertThat(settings.http()).isEqualTo(new ListenAddress(ListenAddress.IPV6_WILDCARD, 80));
    }

    @Test
    void aRelativeWebrootIsResolvedAgainstTheFilesDirectoryAndTurnsTheHttpListenerOff() throws Exception {
        Files.createDirectories(dir.resolve("www"));

        Settings settings = TestConfigs.parse(dir, "challenge.webroot", "www");

        assertThat(settings.challengeWebroot()).contains(dir.resolve("www"));
        assertThat(settings.http().enabled()).isFalse();
        assertThat(settings.https()).isEqualTo(new ListenAddress(ListenAddress.IPV6_WILDCARD, 443));
    }

    @Test
    void httpPortZeroSaysTheSameAndIsAccepted() throws Exception {
        Files.createDirectories(dir.resolve("www"));

        Settings settings = TestConfigs.parse(dir, "challenge.webroot", "www", "http.port", "0");

        assertThat(settings.http().enabled()).isFalse();
    }

    @Test
    void anHttpPortBesideAWebrootIsAContradictionCheckConfigReports() throws Exception {
        Files.createDirectories(dir.resolve("www"));

        assertThat(TestConfigs.problems(dir, "challenge.webroot", "www", "http.port", "80")).containsExactly(
                "http.port: hotcert's HTTP listener is off when challenge.webroot is set (the web server serving that"
                        + " directory answers HTTP-01); remove http.port or set it to 0");
    }

    @Test
    void withoutAWebrootHttpPortZeroIsStillRefusedWhenHttp01IsTheChallenge() {
        assertThat(TestConfigs.problems(dir, "http.port", "0", "acme.challenges", "http-01")).singleElement().asString()
                .startsWith("http.port: \"0\" is not a port number");
    }

    @Test
    void aMissingWebrootIsNamed() {
        assertThat(TestConfigs.problems(dir, "challenge.webroot", "/srv/no-such-www")).containsExactly(
                "challenge.webroot: \"/srv/no-such-www\" does not exist; " + EXPECTED);
    }

    @Test
    void aWebrootThatIsAFileIsNamed() throws Exception {
        Files.writeString(dir.resolve("www"), "");

        assertThat(TestConfigs.problems(dir, "challenge.webroot", "www")).containsExactly(
                "challenge.webroot: \"" + dir.resolve("www") + "\" is not a directory; " + EXPECTED);
    }

    @Test
    void aFileWhereTheChallengeDirectoryMustGoIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("www/.well-known"));
        Files.writeString(dir.resolve("www/.well-known/acme-challenge"), "");

        assertThat(TestConfigs.problems(dir, "challenge.webroot", "www")).containsExactly("challenge.webroot: \""
                + dir.resolve("www/.well-known/acme-challenge") + "\" is not a directory; " + EXPECTED);
    }
}
