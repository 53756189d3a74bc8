package io.hotcert.crypto;

import static io.hotcert.testing.TestCa.CLOCK;
import static io.hotcert.testing.TestCa.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.hotcert.testing.TestCa;

class SelfSignedCertificatesTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final KeyPairFactory keys = new KeyPairFactory();
    private final SelfSignedCertificates certificates = new SelfSignedCertificates(CLOCK);

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void theLeafIsSignedByItsOwnKey(KeyType type) throws Exception {
        KeyPair key = keys.generate(type);

        var set = certificates.create(key, List.of("a.example.test"), Duration.ofDays(30));

        assertThat(set.privateKey()).isSameAs(key.getPrivate());
        assertThat(set.chain()).hasSize(1);
        assertThat(set.leaf().getPublicKey()).isEqualTo(key.getPublic());
        set.leaf().verify(key.getPublic());
    }

    @Test
    void p384KeysAreSignedWithSha384() {
        var set = certificates.create(keys.generate(KeyType.EC_P384), List.of("a.example.test"), Duration.ofDays(1));

        assertThat(set.leaf().getSigAlgName()).isEqualTo("SHA384withECDSA");
    }

    @Test
    void everyNameIsASubjectAltNameAndTheFirstTheCommonName() throws Exception {
        var set = certificates.create(keys.generate(KeyType.EC_P256), List.of("a.example.test", "*.b.example.test"),
                Duration.ofDays(30));
        X509Certificate leaf = set.leaf();

        assertThat(SubjectAltNames.dnsNames(leaf)).containsExactly("a.example.test", "*.b.example.test");
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=a.example.test");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(leaf.getSubjectX500Principal());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    }

    @Test
    void validityStartsNowAndLastsTheGivenDuration() {
        var set = certificates.create(keys.generate(KeyType.EC_P256), List.of("a.example.test"), Duration.ofDays(30));

        assertThat(set.leaf().getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(set.leaf().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void notBeforeIsNeverAfterAClockWithMilliseconds() {
        var clock = Clock.fixed(NOW.plusMillis(999), ZoneOffset.UTC);

        var set = new SelfSignedCertificates(clock).create(keys.generate(KeyType.EC_P256), List.of("a.example.test"),
                Duration.ofDays(1));

        assertThat(set.leaf().getNotBefore().toInstant()).isEqualTo(NOW);
    }

    @Test
    void serialsAreRandomPositiveAndSixteenBytes() {
        KeyPair key = keys.generate(KeyType.EC_P256);

        var first = certificates.create(key, List.of("a.example.test"), Duration.ofDays(1)).leaf().getSerialNumber();
        var second = certificates.create(key, List.of("a.example.test"), Duration.ofDays(1)).leaf().getSerialNumber();

        assertThat(first).isNotEqualTo(second);
        assertThat(List.of(first, second)).allSatisfy(serial -> {
            assertThat(serial.signum()).isPositive();
            assertThat(serial.toByteArray()).hasSize(16);
        });
    }

    @Test
    void atLeastOneNameIsNeeded() {
        assertThatThrownBy(() -> certificates.create(keys.generate(KeyType.EC_P256), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a certificate needs at least one name");
    }

    @Test
    void validityMustBePositive() {
        assertThatThrownBy(() -> certificates.create(keys.generate(KeyType.EC_P256), List.of("a.example.test"),
                Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validity must be positive, was PT0S");
    }

    @Test
    void creatingNeedsNoBouncyCastleProvider() {
        certificates.create(keys.generate(KeyType.EC_P256), List.of("a.example.test"), Duration.ofDays(1));

        assertThat(Security.getProvider("BC")).isNull();
    }
}
