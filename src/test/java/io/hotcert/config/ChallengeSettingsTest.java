package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.config.ChallengeType;

/** {@code acme.challenges}: which challenges, in which order, and what each needs of the listeners. */
class ChallengeSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theListIsKeptInTheOrderGiven() throws ConfigException {
        assertThat(TestConfigs.parse(dir, "acme.challenges", "TLS-ALPN-01, http-01").challenges())
                .containsExactly(ChallengeType.TLS_ALPN_01, ChallengeType.HTTP_01);
    }

    @Test
    void theDefaultIsHttp01() throws ConfigException {
        assertThat(TestConfigs.parse(dir).challenges()).containsExactly(ChallengeType.HTTP_01);
    }

    @Test
    void withOnlyHttpsOnTheDefaultIsTlsAlpn01() throws ConfigException {
        Settings settings = TestConfigs.parse(dir, "http.port", "0");

        assertThat(settings.challenges()).containsExactly(ChallengeType.TLS_ALPN_01);
        assertThat(settings.http().enabled()).isFalse();
    }

    @Test
    void withoutHttp01TheHttpListenerMayBeOff() throws ConfigException {
        assertThat(TestConfigs.parse(dir, "acme.challenges", "tls-alpn-01", "http.port", "0").http().enabled())
                .isFalse();
    }

    @Test
    void unknownAndRepeatedNamesAreRefused() {
        assertThat(TestConfigs.problems(dir, "acme.challenges", "http-01,tls-sni-01")).containsExactly(
                "acme.challenges: \"tls-sni-01\" is not a challenge type; expected a comma-separated list of http-01,"
                        + " tls-alpn-01, dns-01, in the order to try them");
        assertThat(TestConfigs.problems(dir, "acme.challenges", "http-01,,dns-01")).singleElement().asString()
                .contains("an empty entry is not a challenge type");
        assertThat(TestConfigs.problems(dir, "acme.challenges", "http-01,tls-alpn-01,HTTP-01")).containsExactly(
                "acme.challenges: http-01 is named twice; expected each challenge type at most once");
    }

    @Test
    void tlsAlpn01NeedsTheHttpsListener() {
        assertThat(TestConfigs.problems(dir, "acme.challenges", "tls-alpn-01", "https.port", "0")).containsExactly(
                "acme.challenges: tls-alpn-01 is answered on the HTTPS listener, which https.port=0 turns off; set"
                        + " https.port (e.g. 443), or leave tls-alpn-01 out");
    }

    @Test
    void tlsAlpn01CannotRunOnTheNativeEngine() {
        assertThat(TestConfigs.problems(dir, "acme.challenges", "http-01,tls-alpn-01", "https.tls-engine", "openssl"))
                .containsExactly("https.tls-engine: openssl cannot answer tls-alpn-01: the native engine cannot choose"
                        + " the validation certificate by the acme-tls/1 protocol; expected auto or jdk while"
                        + " acme.challenges has tls-alpn-01");
        assertThat(TestConfigs.problems(dir, "http.port", "0", "https.tls-engine", "openssl")).singleElement()
                .asString().contains("the default when http.port=0 and HTTPS is on");
    }

    @Test
    void http01NeedsAListenerOrAWebroot() {
        assertThat(TestConfigs.problems(dir, "acme.challenges", "tls-alpn-01,http-01", "http.port", "0"))
                .singleElement().asString().startsWith("http.port: \"0\" is not a port number");
    }

    @Test
    void withNeitherListenerHttpPortZeroIsRefusedAsBefore() {
        assertThat(TestConfigs.problems(dir, "http.port", "0", "https.port", "0")).singleElement().asString()
                .startsWith("http.port: \"0\" is not a port number");
    }
}
