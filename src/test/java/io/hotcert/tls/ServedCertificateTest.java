package io.hotcert.tls;

import static io.hotcert.testing.TestCa.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.testing.TestCa;

class ServedCertificateTest {

    private static final List<String> NAMES = List.of("a.example.test");

    private final KeyPairFactory keys = new KeyPairFactory();
    private final TestCa root = TestCa.root("Root");
    private final TestCa intermediate = root.intermediate("Intermediate");
    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final ServedCertificate served = new ServedCertificate(keyManager, new ChainVerifier(TestCa.CLOCK));

    private CertificateSet valid() {
        KeyPair key = keys.generate(KeyType.EC_P256);
        return new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(), NAMES),
                intermediate.certificate()));
    }

    private CertificateSet expired() {
        KeyPair key = keys.generate(KeyType.EC_P256);
        return new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(), NAMES,
                NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(1))), intermediate.certificate()));
    }

    @Test
    void aConsistentSetIsSwappedIn() throws Exception {
        CertificateSet first = valid();
        CertificateSet second = valid();
        served.install(first, "first");
        served.install(second, "second");

        assertThat(keyManager.current()).contains(second);
    }

    @Test
    void aKeyOfAnotherPairIsRefusedAndTheOldSetKeepsServing() throws Exception {
        CertificateSet good = valid();
        served.install(good, "good");
        CertificateSet other = valid();
        var mismatched = new CertificateSet(keys.generate(KeyType.EC_P256).getPrivate(), other.chain());

        assertThatThrownBy(() -> served.install(mismatched, "mismatched"))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("private key does not match");
        assertThat(keyManager.current()).contains(good);
    }

    @Test
    void aChainNotSignedInOrderIsRefused() throws Exception {
        CertificateSet good = valid();
        served.install(good, "good");
        KeyPair key = keys.generate(KeyType.EC_P256);
        var wrongIssuer = new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(), NAMES),
                root.intermediate("Another").certificate()));

        assertThatThrownBy(() -> served.install(wrongIssuer, "wrong issuer")).isInstanceOf(ChainException.class);
        assertThat(keyManager.current()).contains(good);
    }

    @Test
    void anExpiredSetIsRefusedWhileAValidOneIsServed() throws Exception {
        CertificateSet good = valid();
        served.install(good, "good");

        assertThatThrownBy(() -> served.install(expired(), "expired")).hasMessageContaining("expired at");
        assertThat(keyManager.current()).contains(good);
    }

    @Test
    void anExpiredSetIsServedWhenThereIsNothingBetter() throws Exception {
        CertificateSet old = expired();
        served.install(old, "expired at start");

        assertThat(keyManager.current()).contains(old);
        CertificateSet older = expired();
        served.install(older, "also expired");
        assertThat(keyManager.current()).contains(older);
    }

    @Test
    void aSetOfOtherNamesIsServedSinceTheHandshakeStillWorks() throws Exception {
        KeyPair key = keys.generate(KeyType.EC_P256);
        var otherNames = new CertificateSet(key.getPrivate(), List.of(intermediate.leaf(key.getPublic(),
                List.of("other.example.test")), intermediate.certificate()));

        served.install(otherNames, "other names");

        assertThat(served.current()).contains(otherNames);
    }
}
