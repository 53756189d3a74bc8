package io.hotcert.crypto;

import static io.hotcert.testing.TestCa.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

import io.hotcert.testing.TestCa;

class CertificateSummaryTest {

    private final KeyPairFactory keys = new KeyPairFactory();
    private final TestCa intermediate = TestCa.root("Test Root").intermediate("Test Intermediate, O=Example");

    @Test
    void summarisesTheLeaf() {
        X509Certificate leaf = intermediate.leaf(keys.generate(KeyType.RSA_2048).getPublic(),
                List.of("a.example.test", "*.b.example.test"), NOW, NOW.plus(Duration.ofDays(90)));

        var summary = CertificateSummary.of(leaf);

        assertThat(summary.names()).containsExactly("a.example.test", "*.b.example.test");
        assertThat(summary.serial()).isEqualTo(leaf.getSerialNumber().toString(16));
        // RFC 2253 lists the RDNs last-encoded first, without spaces.
        assertThat(summary.issuer()).isEqualTo("O=Example,CN=Test Intermediate");
        assertThat(summary.notBefore()).isEqualTo(NOW);
        assertThat(summary.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(summary.keyType()).contains(KeyType.RSA_2048);
    }

    @Test
    void serialsAreLowerCaseHexWithoutPadding() throws Exception {
        var set = new SelfSignedCertificates(TestCa.CLOCK)
                .create(keys.generate(KeyType.EC_P256), List.of("a.example.test"), Duration.ofDays(1));

        String serial = CertificateSummary.of(set.leaf()).serial();

        assertThat(serial).matches("[1-9a-f][0-9a-f]*");
        assertThat(new BigInteger(serial, 16)).isEqualTo(set.leaf().getSerialNumber());
    }

    @Test
    void aKeyHotcertDoesNotCreateHasNoKeyType() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        X509Certificate leaf = intermediate.leaf(generator.generateKeyPair().getPublic(), List.of("a.example.test"));

        assertThat(CertificateSummary.of(leaf).keyType()).isEmpty();
    }

    @Test
    void aCertificateWithoutSubjectAltNamesHasNoNames() {
        var summary = CertificateSummary.of(intermediate.certificate());

        assertThat(summary.names()).isEmpty();
        assertThat(summary.issuer()).isEqualTo("CN=Test Root");
        assertThat(summary.keyType()).contains(KeyType.EC_P256);
    }

    @Test
    void listsIpAddressesInCanonicalFormAmongTheNames() {
        X509Certificate leaf = intermediate.leafWithAltNames(keys.generate(KeyType.EC_P256).getPublic(),
                new GeneralName(GeneralName.iPAddress, "0:0:0:0:0:0:0:1"),
                new GeneralName(GeneralName.dNSName, "board.example.test"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.7"));

        assertThat(CertificateSummary.of(leaf).names()).containsExactly("::1", "board.example.test", "192.0.2.7");
    }
}
