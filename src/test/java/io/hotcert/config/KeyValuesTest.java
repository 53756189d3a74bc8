package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.TestCa;

/** Good and bad values for each key, one at a time on top of the minimal configuration. */
class KeyValuesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> goodValues() {
        return Stream.of(
                good("domains", "Example.COM", Settings::domains, List.of("example.com")),
                good("domains", "a.example.com, b.example.com,c.example.com", Settings::domains,
                        List.of("a.example.com", "b.example.com", "c.example.com")),
                good("domains", "x-1.a" + "b".repeat(61) + "c.example", Settings::domains,
                        List.of("x-1.a" + "b".repeat(61) + "c.example")),
                good("acme.directory", "letsencrypt-staging", Settings::acmeDirectory,
                        URI.create("https://acme-staging-v02.api.letsencrypt.org/directory")),
                good("acme.directory", "LetsEncrypt", Settings::acmeDirectory,
                        URI.create("https://acme-v02.api.letsencrypt.org/directory")),
                good("acme.directory", "https://localhost:14000/dir", Settings::acmeDirectory,
                        URI.create("https://localhost:14000/dir")),
                good("acme.email", "ops+certs@Mail.Example.org", s -> s.acmeEmail().orElseThrow(),
                        "ops+certs@Mail.Example.org"),
                good("acme.terms-agreed", "True", Settings::termsAgreed, true),
                good("acme.terms-agreed", "false", Settings::termsAgreed, false),
                good("acme.profile", "shortlived_v1.2-x", s -> s.acmeProfile().orElseThrow(), "shortlived_v1.2-x"),
                good("key.type", "EC-P384", Settings::keyType, KeyType.EC_P384),
                good("key.type", "rsa-4096", Settings::keyType, KeyType.RSA_4096),
                good("storage.dir", "/data/hotcert/", Settings::storageDir, Path.of("/data/hotcert")),
                good("http.address", "LOCALHOST", Settings::http, new ListenAddress("localhost", 80)),
                good("http.address", "::1", Settings::http, new ListenAddress("::1", 80)),
                good("http.port", "65535", Settings::http, new ListenAddress("::", 65535)),
                good("http.address", "127.0.0.1, ::1", Settings::http, new ListenAddress(List.of("127.0.0.1", "::1"), 80)),
                good("http.address", "0:0:0:0:0:0:0:0", Settings::http, new ListenAddress("::", 80)),
                good("https.address", "192.168.1.10", Settings::https, new ListenAddress("192.168.1.10", 443)),
                good("https.port", "8443", Settings::https, new ListenAddress("::", 8443)),
                good("https.address", "0.0.0.0,::1", Settings::https, new ListenAddress(List.of("0.0.0.0", "::1"), 443)),
                good("https.backend", "http://127.0.0.1:8080", s -> s.httpsBackend().orElseThrow(),
                        URI.create("http://127.0.0.1:8080")),
                good("https.hsts", "365d", s -> s.httpsOptions().hsts().orElseThrow(), Duration.ofDays(365)),
                good("https.hsts", "0s", s -> s.httpsOptions().hsts(), java.util.Optional.empty()),
                good("https.hsts", "OFF", s -> s.httpsOptions().hsts(), java.util.Optional.empty()),
                good("https.access-log", "Journal", s -> s.httpsOptions().accessLog(), AccessLog.JOURNAL),
                good("https.access-log", "off", s -> s.httpsOptions().accessLog(), AccessLog.OFF),
                good("server.io-threads", "3", s -> s.server().ioThreads(), 3),
                good("server.worker-threads", "1", s -> s.server().workerThreads(), 1),
                good("server.drain-timeout", "0s", s -> s.server().drainTimeout(), Duration.ZERO),
                good("server.drain-timeout", "2m", s -> s.server().drainTimeout(), Duration.ofMinutes(2)),
                good("https.handshake-timeout", "3s", s -> s.server().handshakeTimeout(), Duration.ofSeconds(3)),
                good("https.max-connections-per-address", "1024", s -> s.server().maxConnectionsPerAddress(), 1024),
                good("renew.schedule", "0 0 4 * * ?", s -> s.renewSchedule().orElseThrow(), "0 0 4 * * ?"),
                good("renew.before-expiry", "3600s", Settings::renewBefore,
                        new RenewBefore.Fixed(Duration.ofHours(1))),
                good("hooks.deploy", "/usr/bin/reload-it --now", s -> s.deployHook().orElseThrow(),
                        "/usr/bin/reload-it --now"),
                good("control.socket", "/run/other.sock", Settings::controlSocket, Path.of("/run/other.sock")),
                good("metrics.port", "9464", Settings::metrics, new ListenAddress("127.0.0.1", 9464)),
                good("metrics.address", "::1", Settings::metrics, new ListenAddress("::1", 0)));
    }

    private static Arguments good(String key, String value, Function<Settings, Object> read, Object expected) {
        return Arguments.of(key, value, read, expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("goodValues")
    void acceptsGoodValue(String key, String value, Function<Settings, Object> read, Object expected) throws Exception {
        assertThat(read.apply(TestConfigs.parse(dir, key, value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            domains        | *.example.com    | domains: "*.example.com" is a wildcard name; only DNS-01 can validate one
            domains        | 010.0.0.1        | domains: "010.0.0.1" has a leading zero, which some tools read as octal; expected an IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1 (decimal, without leading zeros)
            domains        | 10.0.0.01        | domains: "10.0.0.01" has a leading zero
            domains        | 10.0.0.256       | domains: "10.0.0.256" is not a valid IP address; expected an IPv4 address such as 192.0.2.1
            domains        | 10.0.1           | domains: "10.0.1" is not a valid IP address
            domains        | [::1]            | domains: "[::1]" is in brackets; expected an IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1, written without them
            domains        | fe80::1%eth0     | domains: "fe80::1%eth0" has a zone id; a certificate cannot name an address of one link only
            domains        | ::ffff:10.0.0.1  | domains: "::ffff:10.0.0.1" is an IPv4-mapped IPv6 address; write the IPv4 address instead
            domains        | 2001:db8:::1     | domains: "2001:db8:::1" is not a valid IP address
            domains        | '::1, 0:0:0:0:0:0:0:1' | domains: "::1" is listed twice; expected each name once
            domains        | localhost        | domains: "localhost" is not a valid DNS name; expected at least two dot-separated labels
            domains        | -a.example.com   | domains: "-a.example.com" is not a valid DNS name
            domains        | a-.example.com   | domains: "a-.example.com" is not a valid DNS name
            domains        | exa_mple.com     | domains: "exa_mple.com" is not a valid DNS name
            domains        | example.com.     | domains: "example.com." is not a valid DNS name
            domains        | a..example.com   | domains: "a..example.com" is not a valid DNS name
            domains        | a.com,,b.com     | domains: entry 2 of "a.com,,b.com" is empty; expected names separated by single commas
            domains        | a.com,           | domains: entry 2 of "a.com," is empty
            domains        | a.com, A.COM     | domains: "a.com" is listed twice; expected each name once
            acme.directory | http://ca.example/dir | acme.directory: "http://ca.example/dir" has the wrong scheme; expected letsencrypt, letsencrypt-staging or an https:// URL with a host (RFC 8555 requires HTTPS)
            acme.directory | https:///dir     | acme.directory: "https:///dir" has no host
            acme.directory | /directory       | acme.directory: "/directory" is not an absolute URL
            acme.directory | https://ca example | acme.directory: "https://ca example" is not a URL (Illegal character in authority)
            acme.directory | lets-encrypt     | acme.directory: "lets-encrypt" is not a known CA; did you mean letsencrypt?
            acme.directory | letsencrypt-stagng | acme.directory: "letsencrypt-stagng" is not a known CA; did you mean letsencrypt-staging? expected letsencrypt, letsencrypt-staging or an https:// URL
            acme.directory | my-ca            | acme.directory: "my-ca" is not an absolute URL
            acme.email     | bob              | acme.email: "bob" is not an email address; expected local@domain, e.g. admin@example.com
            acme.email     | bob@localhost    | acme.email: "bob@localhost" is not an email address
            acme.email     | @example.com     | acme.email: "@example.com" is not an email address
            acme.email     | bob smith@example.com | acme.email: "bob smith@example.com" is not an email address
            acme.terms-agreed | yes           | acme.terms-agreed: "yes" is not a boolean; expected true or false
            acme.profile   | short lived      | acme.profile: "short lived" is not a profile name; expected letters, digits, '-', '_' and '.' only
            acme.profile   | ../etc           | acme.profile: "../etc" is not a profile name
            key.type       | rsa-1024         | key.type: "rsa-1024" is not a key type; expected one of ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096
            storage.dir    | a\u0000b         | storage.dir: the value contains an invisible character, U+0000 (null), at position 2
            control.socket | a\u0000b         | control.socket: the value contains an invisible character, U+0000 (null), at position 2
            http.address   | example.com      | http.address: "example.com" is not an IP address; expected an IPv4 or IPv6 literal (e.g. 0.0.0.0, ::, 127.0.0.1) or localhost; host names are not looked up
            http.address   | [::1]            | http.address: "[::1]" is not an IP address
            https.address  | 256.0.0.1        | https.address: "256.0.0.1" is not an IP address
            https.address  | '127.0.0.1, board.local' | https.address: "board.local" is not an IP address
            https.address  | '::1, ::1'       | https.address: "::1" is listed twice; expected each address once
            http.address   | '0.0.0.0, ::'    | http.address: "0.0.0.0" and "::" overlap (:: takes IPv4 clients too, 0.0.0.0 every IPv4 address)
            http.port      | 65536            | http.port: "65536" is not a port number; expected an integer from 0 to 65535
            http.port      | -1               | http.port: "-1" is not a port number
            https.port     | 65536            | https.port: "65536" is not a port number; expected an integer from 0 to 65535
            https.port     | 443x             | https.port: "443x" is not a port number
            https.backend  | ftp://127.0.0.1  | https.backend: "ftp://127.0.0.1" has the wrong scheme; expected an http:// or https:// URL with a host
            https.backend  | 127.0.0.1:8080   | https.backend: "127.0.0.1:8080" is not a URL
            https.backend  | http:/path       | https.backend: "http:/path" has no host
            https.hsts     | 1y               | https.hsts: "1y" is not a duration; expected how long browsers should insist on HTTPS (the header's max-age), in d, h, m or s (e.g. 365d), or off
            https.access-log | file           | https.access-log: "file" is not an access log; expected off or journal
            renew.schedule | * * *            | renew.schedule: "* * *" is not a Quartz cron expression (Unexpected end of expression.); expected six or seven fields
            renew.schedule | 0 0 0 32 * ?     | renew.schedule: "0 0 0 32 * ?" is not a Quartz cron expression (Day of month values must be between 1 and 31)
            renew.before-expiry | 2w          | renew.before-expiry: "2w" is not a renewal margin
            server.io-threads | 0             | server.io-threads: "0" is not a thread count; expected an integer from 1 to 64
            server.worker-threads | many      | server.worker-threads: "many" is not a thread count; expected an integer from 1 to 256
            server.drain-timeout | 10         | server.drain-timeout: "10" is not a duration; expected how long in-flight requests may finish after SIGTERM
            https.handshake-timeout | 0s      | https.handshake-timeout: "0s" would close every connection; expected how long a client may take to finish its TLS handshake
            https.handshake-timeout | 500ms   | https.handshake-timeout: "500ms" is not a duration; expected how long a client may take
            https.max-connections-per-address | 0    | https.max-connections-per-address: "0" is not a connection count; expected an integer from 1 to 1024
            https.max-connections-per-address | 1025 | https.max-connections-per-address: "1025" is not a connection count; expected an integer from 1 to 1024
            metrics.port   | 9464x            | metrics.port: "9464x" is not a port number; expected an integer from 0 to 65535
            metrics.port   | 70000            | metrics.port: "70000" is not a port number; expected an integer from 0 to 65535
            metrics.address | metrics.local   | metrics.address: "metrics.local" is not an IP address; expected an IPv4 or IPv6 literal
            """)
    void rejectsBadValue(String key, String value, String expectedProblem) {
        String unescaped = value.replace("\\u0000", "\0");

        assertThat(TestConfigs.problems(dir, key, unescaped)).singleElement().asString()
                .startsWith(expectedProblem.replace("\\u0000", "\0"));
    }

    @Test
    void reportsEachBadDomainSeparately() {
        assertThat(TestConfigs.problems(dir, "domains", "*.a.example, 1.2.3.04, ok.example"))
                .hasSize(2)
                .allMatch(problem -> problem.startsWith("domains: "));
    }

    @Test
    void ipAddressesAreKeptInOneForm() throws Exception {
        assertThat(TestConfigs.parse(dir, "domains", "127.0.0.1, 0:0:0:0:0:0:0:1, 2001:DB8:0:0:1::1, board.example.test",
                "acme.profile", "shortlived").domains())
                .containsExactly("127.0.0.1", "::1", "2001:db8::1:0:0:1", "board.example.test");
    }

    @Test
    void letsEncryptIssuesForIpAddressesOnlyOnItsShortLivedProfile() throws Exception {
        String expected = "; domains lists 192.0.2.7, ::1, and Let's Encrypt issues certificates for IP addresses"
                + " only on its shortlived profile (160 hours); set acme.profile=shortlived";
        assertThat(TestConfigs.problems(dir, "domains", "board.example.test, 192.0.2.7, ::1"))
                .containsExactly("acme.profile: not set" + expected);
        assertThat(TestConfigs.problems(dir, "domains", "192.0.2.7, ::1", "acme.directory",
                "https://acme-staging-v02.api.letsencrypt.org/directory", "acme.profile", "classic"))
                .containsExactly("acme.profile: \"classic\"" + expected);
        assertThat(TestConfigs.parse(dir, "domains", "192.0.2.7", "acme.profile", "shortlived").domains())
                .containsExactly("192.0.2.7");
        assertThat(TestConfigs.parse(dir, "domains", "192.0.2.7", "acme.directory", "https://ca.example/dir").domains())
                .as("other CAs decide for themselves").containsExactly("192.0.2.7");
    }

    @Test
    void httpAndHttpsMayNotShareAddressAndPort() {
        assertThat(TestConfigs.problems(dir, "http.port", "443"))
                .containsExactly("https.port: :: port 443 is already used by http.address and http.port;"
                        + " expected a different address or port");
    }

    @Test
    void metricsMayNotShareAddressAndPortWithHttpOrHttps() throws Exception {
        assertThat(TestConfigs.problems(dir, "metrics.address", "0.0.0.0", "metrics.port", "443"))
                .containsExactly("metrics.port: 0.0.0.0 port 443 is already used by https.address and https.port;"
                        + " expected a different address or port");
        assertThat(TestConfigs.problems(dir, "metrics.address", "0.0.0.0", "metrics.port", "80"))
                .containsExactly("metrics.port: 0.0.0.0 port 80 is already used by http.address and http.port;"
                        + " expected a different address or port");
        assertThat(TestConfigs.problems(dir, "metrics.port", "443"))
                .as("the default :: takes IPv4 too, loopback included")
                .containsExactly("metrics.port: 127.0.0.1 port 443 is already used by https.address and https.port;"
                        + " expected a different address or port");
        assertThat(TestConfigs.parse(dir, "metrics.port", "443", "https.address", "192.0.2.1,::1").metrics().port())
                .isEqualTo(443);
    }

    @Test
    void defaultServerLimitsAreSmallAndFixed() throws Exception {
        var limits = TestConfigs.parse(dir).server();

        assertThat(limits.ioThreads()).isBetween(1, 2);
        assertThat(limits.workerThreads()).isEqualTo(4);
        assertThat(limits.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.maxConnectionsPerAddress()).isEqualTo(64);
    }

    @Test
    void aDryRunUsesLetsEncryptStagingAScratchDirectoryAndNoHook() throws Exception {
        Settings production = TestConfigs.parse(dir, "hooks.deploy", "/bin/true");
        Settings custom = TestConfigs.parse(dir, "acme.directory", "https://ca.internal/dir");

        Settings trial = production.forDryRun(dir.resolve("scratch"));

        assertThat(trial.acmeDirectory()).isEqualTo(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"));
        assertThat(trial.storageDir()).isEqualTo(dir.resolve("scratch"));
        assertThat(trial.deployHook()).isEmpty();
        assertThat(trial.domains()).isEqualTo(production.domains());
        assertThat(custom.forDryRun(dir).acmeDirectory()).isEqualTo(URI.create("https://ca.internal/dir"));
    }

    @Test
    void httpsNeedsSomethingToServe() {
        var properties = TestConfigs.with();
        properties.remove("https.backend");

        assertThatThrownBy(() -> new SettingsLoader(Map.of()).parse(properties, dir.resolve("h.properties")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "https.backend: missing; HTTPS is on (https.port 443), so set https.backend"
                                + " (e.g. http://127.0.0.1:8080) or https.static-dir, or turn HTTPS off with"
                                + " https.port=0"));
    }

    @Test
    void httpsOffNeedsNothingToServe() throws Exception {
        var properties = TestConfigs.with("https.port", "0");
        properties.remove("https.backend");

        var settings = new SettingsLoader(Map.of()).parse(properties, dir.resolve("h.properties"));

        assertThat(settings.httpsBackend()).isEmpty();
        assertThat(settings.httpsStaticDir()).isEmpty();
    }

    @Test
    void httpMayUseThePortOfHttpsWhenHttpsIsOff() throws Exception {
        assertThat(TestConfigs.parse(dir, "http.port", "443", "https.port", "0").http().port()).isEqualTo(443);
    }

    @Test
    void backendAndStaticDirExcludeEachOther() throws Exception {
        Files.createDirectory(dir.resolve("www"));

        assertThat(TestConfigs.problems(dir, "https.backend", "http://127.0.0.1:8080", "https.static-dir", "www"))
                .containsExactly("https.static-dir: set only one of https.backend and https.static-dir");
    }

    @Test
    void staticDirMustBeAnExistingDirectory() throws Exception {
        Files.createFile(dir.resolve("file"));

        assertThat(TestConfigs.problems(dir, "https.static-dir", "missing"))
                .containsExactly("https.static-dir: \"" + dir.resolve("missing") + "\" does not exist;"
                        + " expected an existing directory of files to serve");
        assertThat(TestConfigs.problems(dir, "https.static-dir", "file"))
                .containsExactly("https.static-dir: \"" + dir.resolve("file") + "\" is not a directory;"
                        + " expected an existing directory of files to serve");
    }

    @Test
    void trustStoreMustBeAFileOfPemCertificates() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "no certificates here\n");
        Files.createDirectory(dir.resolve("certs"));

        assertThat(TestConfigs.problems(dir, "acme.trust-store", "missing.pem"))
                .containsExactly("acme.trust-store: \"" + dir.resolve("missing.pem") + "\" does not exist;"
                        + " expected a PEM file of CA certificates");
        assertThat(TestConfigs.problems(dir, "acme.trust-store", "certs"))
                .containsExactly("acme.trust-store: \"" + dir.resolve("certs") + "\" is not a regular file;"
                        + " expected a PEM file of CA certificates");
        assertThat(TestConfigs.problems(dir, "acme.trust-store", "empty.pem"))
                .containsExactly("acme.trust-store: \"" + dir.resolve("empty.pem") + "\" contains no PEM certificate;"
                        + " expected a PEM file of CA certificates (-----BEGIN CERTIFICATE----- blocks)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a private key", "a truncated block"})
    void trustStoreWithOtherPemContentIsRejectedNamingTheFile(String content) throws Exception {
        String extra = content.equals("a private key") ? Pem.encodePrivateKey(TestCa.ecKeyPair().getPrivate())
                : "-----BEGIN CERTIFICATE-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END CERTIFICATE-----\n";
        Files.writeString(dir.resolve("mixed.pem"), TestCa.root("hotcert test CA").certificatePem() + extra);

        assertThat(TestConfigs.problems(dir, "acme.trust-store", "mixed.pem")).singleElement().asString()
                .startsWith("acme.trust-store: \"" + dir.resolve("mixed.pem") + "\" cannot be read as PEM certificates")
                .endsWith("expected a PEM file of CA certificates");
    }

    @Test
    void eabHmacKeyAcceptsStandardBase64Too() throws Exception {
        String key = "ab+/".repeat(8);

        assertThat(TestConfigs.parse(dir, "acme.eab.kid", "kid", "acme.eab.hmac-key", key).eab())
                .contains(new ExternalAccountBinding("kid", key));
    }
}
