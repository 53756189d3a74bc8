package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.testing.TestCa;

class SwappableKeyManagerTest {

    private final KeyPairFactory keys = new KeyPairFactory();
    private final SwappableKeyManager keyManager = new SwappableKeyManager();

    private CertificateSet set(KeyType type) {
        return new SelfSignedCertificates(TestCa.CLOCK).create(keys.generate(type), List.of("a.example.test"),
                Duration.ofDays(1));
    }

    @Test
    void offersNothingBeforeTheFirstInstall() {
        assertThat(keyManager.chooseEngineServerAlias("EC", null, null)).isNull();
        assertThat(keyManager.getServerAliases("EC", null)).isNull();
        assertThat(keyManager.current()).isEmpty();
    }

    @Test
    void offersTheInstalledSetOnlyForItsKeyAlgorithm() {
        CertificateSet ec = set(KeyType.EC_P256);
        keyManager.install(ec);

        String alias = keyManager.chooseEngineServerAlias("EC", null, null);
        assertThat(alias).isNotNull();
        assertThat(keyManager.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(keyManager.getPrivateKey(alias)).isEqualTo(ec.privateKey());
        assertThat(keyManager.getCertificateChain(alias)).containsExactlyElementsOf(ec.chain());
    }

    @Test
    void aHandshakeThatChoseBeforeASwapStillGetsAMatchingKeyAndChain() {
        CertificateSet first = set(KeyType.EC_P256);
        CertificateSet second = set(KeyType.EC_P256);
        keyManager.install(first);
        String chosenBefore = keyManager.chooseEngineServerAlias("EC", null, null);

        keyManager.install(second);

        assertThat(keyManager.getPrivateKey(chosenBefore)).isEqualTo(first.privateKey());
        assertThat(keyManager.getCertificateChain(chosenBefore)).containsExactlyElementsOf(first.chain());
        String chosenAfter = keyManager.chooseEngineServerAlias("EC", null, null);
        assertThat(keyManager.getPrivateKey(chosenAfter)).isEqualTo(second.privateKey());
        assertThat(keyManager.current()).contains(second);
    }

    @Test
    void onlyTheLastFewGenerationsStayResolvable() {
        keyManager.install(set(KeyType.EC_P256));
        String oldest = keyManager.chooseEngineServerAlias("EC", null, null);
        for (int i = 1; i < SwappableKeyManager.GENERATIONS_KEPT; i++) {
            keyManager.install(set(KeyType.EC_P256));
        }
        assertThat(keyManager.getPrivateKey(oldest)).as("still among the generations kept").isNotNull();
        keyManager.install(set(KeyType.EC_P256));

        assertThat(keyManager.getPrivateKey(oldest)).isNull();
        assertThat(keyManager.getCertificateChain(oldest)).isNull();
    }

    @Test
    void aSwapToAnotherKeyTypeChangesWhatIsOffered() {
        keyManager.install(set(KeyType.EC_P256));
        keyManager.install(set(KeyType.RSA_2048));

        assertThat(keyManager.chooseServerAlias("EC", null, null)).isNull();
        assertThat(keyManager.chooseServerAlias("RSA", null, null)).isNotNull();
    }

    @Test
    void isNeverAClientKeyManager() {
        keyManager.install(set(KeyType.EC_P256));

        assertThat(keyManager.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(keyManager.getClientAliases("EC", null)).isNull();
    }
}
