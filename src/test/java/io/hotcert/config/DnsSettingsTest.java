package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsSettingsTest {

    private static final String SECRET = "c2VjcmV0LW5vdC1mb3ItbG9ncy0wMTIzNDU2Nzg5YWI=";

    @TempDir
    Path dir;

    @Test
    void allFourKeysGiveTheSettingsWithHmacSha256AndTheSecretHidden() throws Exception {
        Settings settings = TestConfigs.parse(dir, dnsKeys(secretFile("rw-------")));

        DnsSettings dns = settings.dns().orElseThrow();
        assertThat(dns.server()).isEqualTo("127.0.0.1:5353");
        assertThat(dns.zone()).isEqualTo("example.com");
        assertThat(dns.tsigName()).isEqualTo("hotcert");
        assertThat(dns.tsigAlgorithm()).isEqualTo("hmac-sha256");
        assertThat(dns.secret()).isEqualTo(SECRET);
        assertThat(dns.toString()).doesNotContain(SECRET);
        assertThat(settings.toString()).doesNotContain(SECRET);
    }

    @Test
    void leftToTheDefaultDns01ComesAfterTheListenersChallenge() throws Exception {
        assertThat(TestConfigs.parse(dir, dnsKeys(secretFile("rw-------"))).challenges())
                .containsExactly(ChallengeType.HTTP_01, ChallengeType.DNS_01);
        var onlyDns = new ArrayList<>(List.of(dnsKeys(secretFile("rw-------"))));
        onlyDns.addAll(List.of("acme.challenges", "dns-01"));
        assertThat(TestConfigs.parse(dir, onlyDns.toArray(String[]::new)).challenges())
                .containsExactly(ChallengeType.DNS_01);
    }

    @Test
    void dns01NamedWithoutTheDnsKeysIsRefused() {
        assertThat(TestConfigs.problems(dir, "acme.challenges", "http-01,dns-01")).containsExactly(
                "acme.challenges: dns-01 needs dns.server, dns.zone, dns.tsig.name and dns.tsig.secret-file"
                        + " (RFC 2136 updates); set them, or leave dns-01 out");
    }

    @Test
    void withoutDnsNothingIsConfigured() throws Exception {
        assertThat(TestConfigs.parse(dir).dns()).isEmpty();
    }

    @Test
    void serverAloneNamesEveryMissingCompanion() {
        assertThat(TestConfigs.problems(dir, "dns.server", "192.0.2.53")).containsExactly(
                "dns.zone: missing; dns.server is set, and DNS-01 needs all of dns.server, dns.zone, dns.tsig.name,"
                        + " dns.tsig.secret-file",
                "dns.tsig.name: missing; dns.server is set, and DNS-01 needs all of dns.server, dns.zone, dns.tsig.name,"
                        + " dns.tsig.secret-file",
                "dns.tsig.secret-file: missing; dns.server is set, and DNS-01 needs all of dns.server, dns.zone,"
                        + " dns.tsig.name, dns.tsig.secret-file");
    }

    @Test
    void anAlgorithmWithoutTheRestIsReported() {
        assertThat(TestConfigs.problems(dir, "dns.tsig.algorithm", "hmac-sha512"))
                .singleElement().asString().startsWith("dns.tsig.algorithm: set without dns.server");
    }

    @Test
    void aSecretFileOthersCanReadIsRefusedWithoutQuotingIt() throws Exception {
        List<String> problems = TestConfigs.problems(dir, dnsKeys(secretFile("rw-r-----")));

        assertThat(problems).singleElement().asString().startsWith("dns.tsig.secret-file: ")
                .contains("can be used by its group or others; run chmod 600").doesNotContain(SECRET);
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithoutQuotingIt() throws Exception {
        Path file = secretFile("rw-------");
        Files.writeString(file, "not base64 at all!");

        assertThat(TestConfigs.problems(dir, dnsKeys(file))).singleElement().asString()
                .contains("does not hold base64 text").doesNotContain("at all");
    }

    @Test
    void unknownAlgorithmAndBadServerAreNamed() throws Exception {
        var keys = new ArrayList<>(List.of(dnsKeys(secretFile("rw-------"))));
        keys.addAll(List.of("dns.tsig.algorithm", "hmac-md4"));
        keys.set(1, "ns1.example.net:99999");

        assertThat(TestConfigs.problems(dir, keys.toArray(String[]::new))).containsExactly(
                "dns.server: \"99999\" is not a port number; expected an integer from 1 to 65535",
                "dns.tsig.algorithm: \"hmac-md4\" is not a TSIG algorithm; expected one of hmac-sha1, hmac-sha224,"
                        + " hmac-sha256, hmac-sha384, hmac-sha512");
    }

    @Test
    void aWildcardNeedsDns01() throws Exception {
        assertThat(TestConfigs.problems(dir, "domains", "*.example.com,example.com")).containsExactly(
                "domains: \"*.example.com\" is a wildcard name; only DNS-01 can validate one: set dns.server and its"
                        + " companions, or list each name instead");

        var keys = new ArrayList<>(List.of(dnsKeys(secretFile("rw-------"))));
        keys.addAll(List.of("domains", "*.example.com,example.com"));
        assertThat(TestConfigs.parse(dir, keys.toArray(String[]::new)).domains())
                .containsExactly("*.example.com", "example.com");
    }

    @Test
    void aWildcardMustStandForOneLabelOfAName() throws Exception {
        var keys = new ArrayList<>(List.of(dnsKeys(secretFile("rw-------"))));
        keys.addAll(List.of("domains", "*.com,*.*.example.com"));

        assertThat(TestConfigs.problems(dir, keys.toArray(String[]::new))).containsExactly(
                "domains: \"*.com\" is not a valid wildcard name; expected *. followed by a DNS name of at least two labels",
                "domains: \"*.*.example.com\" is not a valid wildcard name; expected *. followed by a DNS name of at least"
                        + " two labels");
    }

    private static String[] dnsKeys(Path secretFile) {
        return new String[] {"dns.server", "127.0.0.1:5353", "dns.zone", "example.com.", "dns.tsig.name", "hotcert.",
            "dns.tsig.secret-file", secretFile.toString()};
    }

    private Path secretFile(String permissions) throws IOException {
        Path file = dir.resolve("tsig.secret");
        Files.writeString(file, SECRET + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
