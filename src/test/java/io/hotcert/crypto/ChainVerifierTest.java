package io.hotcert.crypto;

import static io.hotcert.testing.TestCa.CLOCK;
import static io.hotcert.testing.TestCa.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.hotcert.testing.TestCa;

class ChainVerifierTest {

    private static final List<String> NAMES = List.of("a.example.test", "b.example.test");

    private final KeyPairFactory keys = new KeyPairFactory();
    private final TestCa root = TestCa.root("Test Root");
    private final TestCa intermediate = root.intermediate("Test Intermediate");
    private final KeyPair leafKey = keys.generate(KeyType.EC_P256);
    private final ChainVerifier verifier = new ChainVerifier(CLOCK);

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void aGoodChainPasses(KeyType type) {
        KeyPair key = keys.generate(type);
        var set = new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(), NAMES),
                intermediate.certificate()));

        assertThatCode(() -> verifier.verify(set, NAMES)).doesNotThrowAnyException();
    }

    @Test
    void aChainWithTwoIntermediatesInSigningOrderPasses() {
        TestCa second = intermediate.intermediate("Second Intermediate");

        assertThatCode(() -> verifier.verify(setOf(second.leaf(leafKey.getPublic(), NAMES), second.certificate(),
                intermediate.certificate()), NAMES)).doesNotThrowAnyException();
    }

    @Test
    void keysReadBackFromPemFilesStillMatch(@TempDir Path dir) throws Exception {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), NAMES), intermediate.certificate());
        Path keyFile = Files.writeString(dir.resolve("key.pem"), Pem.encodePrivateKey(set.privateKey()));
        Path chainFile = Files.writeString(dir.resolve("fullchain.pem"), Pem.encodeCertificates(set.chain()));

        var readBack = new CertificateSet(Pem.readPrivateKey(keyFile), Pem.readCertificates(chainFile));

        assertThatCode(() -> verifier.verify(readBack, NAMES)).doesNotThrowAnyException();
    }

    @Test
    void aPrivateKeyOfAnotherPairIsRejected() {
        var otherKey = keys.generate(KeyType.EC_P256).getPrivate();
        var set = new CertificateSet(otherKey, List.of(intermediate.leaf(leafKey.getPublic(), NAMES),
                intermediate.certificate()));

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessage("the private key does not match the public key of the leaf certificate (CN=a.example.test)");
    }

    @Test
    void aPrivateKeyOnAnotherCurveIsRejected() {
        var otherKey = keys.generate(KeyType.EC_P384).getPrivate();
        var set = new CertificateSet(otherKey, List.of(intermediate.leaf(leafKey.getPublic(), NAMES),
                intermediate.certificate()));

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessageStartingWith("the private key does not match the public key of the leaf certificate");
    }

    @Test
    void aPrivateKeyOfAnotherAlgorithmIsRejected() {
        var rsaKey = keys.generate(KeyType.RSA_2048).getPrivate();
        var set = new CertificateSet(rsaKey, List.of(intermediate.leaf(leafKey.getPublic(), NAMES),
                intermediate.certificate()));

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("does not match the public key of the leaf certificate (CN=a.example.test)")
                .hasMessageContaining("the private key is RSA, the certificate's key is EC");
    }

    @Test
    void theKeyIsCheckedBeforeAnythingElse() {
        var otherKey = keys.generate(KeyType.EC_P256).getPrivate();
        X509Certificate expiredLeaf = intermediate.leaf(leafKey.getPublic(), List.of("other.example.test"),
                NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> verifier.verify(new CertificateSet(otherKey, List.of(expiredLeaf)), NAMES))
                .hasMessageStartingWith("the private key does not match");
    }

    @Test
    void missingNamesAreListed() {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), List.of("a.example.test")), intermediate.certificate());

        assertThatThrownBy(() -> verifier.verify(set, List.of("a.example.test", "b.example.test", "c.example.test")))
                .isInstanceOf(ChainException.class)
                .hasMessage("the leaf certificate (CN=a.example.test) does not cover b.example.test, c.example.test;"
                        + " its DNS names are [a.example.test]");
    }

    @Test
    void namesAreComparedWithoutRegardToCase() {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), List.of("WWW.Example.Test")), intermediate.certificate());

        assertThatCode(() -> verifier.verify(set, List.of("www.EXAMPLE.test"))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "*.example.test covers {0}: {1}")
    @CsvSource({
        "a.example.test, true",
        "A.Example.TEST, true",
        "*.example.test, true",
        "example.test, false",
        "a.b.example.test, false",
        "a.example.testing, false",
        "aexample.test, false",
    })
    void aWildcardCoversExactlyOneLabel(String name, boolean covered) {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), List.of("*.example.test")), intermediate.certificate());

        if (covered) {
            assertThatCode(() -> verifier.verify(set, List.of(name))).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> verifier.verify(set, List.of(name)))
                    .isInstanceOf(ChainException.class)
                    .hasMessageContaining("does not cover " + name + ";");
        }
    }

    @Test
    void intermediatesInTheWrongOrderAreRejected() {
        TestCa second = intermediate.intermediate("Second Intermediate");
        var set = setOf(second.leaf(leafKey.getPublic(), NAMES), intermediate.certificate(), second.certificate());

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessage("certificate 1 (CN=a.example.test) is not signed by certificate 2 (CN=Test Intermediate):"
                        + " its issuer is CN=Second Intermediate");
    }

    @Test
    void anIssuerWithTheRightNameButAnotherKeyIsRejected() {
        TestCa impostor = TestCa.root("Test Root");
        var set = setOf(intermediate.leaf(leafKey.getPublic(), NAMES), intermediate.certificate(),
                impostor.certificate());

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessageStartingWith("certificate 2 (CN=Test Intermediate) is not signed by certificate 3"
                        + " (CN=Test Root): the signature does not verify");
    }

    @Test
    void aLeafWithoutItsIntermediateIsRejected() {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), NAMES));

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessage("chain has no intermediate: the issuer of the leaf (CN=Test Intermediate) is missing");
    }

    @Test
    void aLeafNamingItselfAsIssuerButSignedByAnotherKeyIsRejected() {
        TestCa sameName = TestCa.root("a.example.test");
        var set = setOf(sameName.leaf(leafKey.getPublic(), NAMES));

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessageStartingWith("the leaf (CN=a.example.test) names itself as issuer but is not signed by its own key")
                .hasMessageEndingWith("its issuer is missing");
    }

    @Test
    void aSelfSignedLeafAlonePasses() {
        var set = new SelfSignedCertificates(CLOCK).create(leafKey, NAMES, Duration.ofDays(30));

        assertThatCode(() -> verifier.verify(set, NAMES)).doesNotThrowAnyException();
    }

    @Test
    void anExpiredLeafIsRejected() {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), NAMES), intermediate.certificate());
        var later = new ChainVerifier(Clock.offset(CLOCK, Duration.ofDays(TestCa.LEAF_DAYS_LEFT).plusSeconds(1)));

        assertThatThrownBy(() -> later.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessage("certificate 1 (CN=a.example.test) expired at 2025-08-29T12:00:00Z"
                        + " (valid from 2025-05-31T12:00:00Z to 2025-08-29T12:00:00Z, now 2025-08-29T12:00:01Z)");
    }

    @Test
    void aLeafIsStillValidAtTheSecondItExpires() {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), NAMES), intermediate.certificate());
        var atExpiry = new ChainVerifier(Clock.offset(CLOCK, Duration.ofDays(TestCa.LEAF_DAYS_LEFT)));

        assertThatCode(() -> atExpiry.verify(set, NAMES)).doesNotThrowAnyException();
    }

    @Test
    void aLeafThatIsNotYetValidIsRejected() {
        var set = setOf(intermediate.leaf(leafKey.getPublic(), NAMES), intermediate.certificate());
        var earlier = new ChainVerifier(Clock.offset(CLOCK, Duration.ofDays(-2)));

        assertThatThrownBy(() -> earlier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessageStartingWith("certificate 1 (CN=a.example.test) is not yet valid until 2025-05-31T12:00:00Z")
                .hasMessageContaining("now 2025-05-30T12:00:00Z");
    }

    @Test
    void anExpiredIntermediateIsRejected() {
        TestCa expired = root.intermediate("Old Intermediate", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(10)));
        var set = setOf(expired.leaf(leafKey.getPublic(), NAMES), expired.certificate());

        assertThatThrownBy(() -> verifier.verify(set, NAMES))
                .isInstanceOf(ChainException.class)
                .hasMessageStartingWith("certificate 2 (CN=Old Intermediate) expired at 2025-05-22T12:00:00Z");
    }

    @Test
    void consistencyIgnoresNamesAndDates() {
        X509Certificate expiredOtherName = intermediate.leaf(leafKey.getPublic(), List.of("other.example.test"),
                NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(1)));
        var set = setOf(expiredOtherName, intermediate.certificate());

        assertThatCode(() -> verifier.verifyConsistent(set)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verifyCurrent(set)).hasMessageContaining("expired at");
    }

    @Test
    void consistencyRefusesAKeyOfAnotherPairAndAChainOutOfOrder() {
        var otherKey = keys.generate(KeyType.EC_P256).getPrivate();
        X509Certificate leaf = intermediate.leaf(leafKey.getPublic(), NAMES);

        assertThatThrownBy(() -> verifier.verifyConsistent(new CertificateSet(otherKey,
                List.of(leaf, intermediate.certificate())))).hasMessageStartingWith("the private key does not match");
        assertThatThrownBy(() -> verifier.verifyConsistent(setOf(leaf, root.certificate())))
                .hasMessageContaining("is not signed by certificate 2");
    }

    @Test
    void verifyingNeedsNoBouncyCastleProvider() throws Exception {
        verifier.verify(setOf(intermediate.leaf(leafKey.getPublic(), NAMES), intermediate.certificate()), NAMES);

        assertThat(Security.getProvider("BC")).isNull();
    }

    private CertificateSet setOf(X509Certificate... chain) {
        return new CertificateSet(leafKey.getPrivate(), List.of(chain));
    }

    @Test
    void ipAddressesAreCoveredByIpAddressSansOnly() {
        X509Certificate leaf = intermediate.leafWithAltNames(leafKey.getPublic(),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "0:0:0:0:0:0:0:1"),
                new GeneralName(GeneralName.dNSName, "192.0.2.7"));
        var set = setOf(leaf, intermediate.certificate());

        assertThatCode(() -> verifier.verify(set, List.of("127.0.0.1", "::1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(set, List.of("::1", "192.0.2.7")))
                .isInstanceOf(ChainException.class)
                .hasMessage("the leaf certificate () does not cover 192.0.2.7; its DNS names are [192.0.2.7],"
                        + " its IP addresses [127.0.0.1, ::1]");
    }

    @Test
    void aDnsNameIsNotCoveredByAnIpAddressSan() {
        var set = setOf(intermediate.leafWithAltNames(leafKey.getPublic(), new GeneralName(GeneralName.iPAddress, "192.0.2.7")),
                intermediate.certificate());

        assertThatThrownBy(() -> verifier.verify(set, List.of("board.example.test")))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("does not cover board.example.test");
    }
}
