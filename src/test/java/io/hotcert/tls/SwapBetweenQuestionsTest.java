package io.hotcert.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.testing.TestCa;
import io.hotcert.testing.TlsPass;

/**
 * A swap to another key type that lands between two of one handshake's alias questions, on each
 * engine: the handshake still gets the set it first saw, whole. Both engines ask for EC first, so a
 * swap from RSA to EC after that question is the one that would leave the handshake without a set.
 */
class SwapBetweenQuestionsTest {

    private final KeyPairFactory keys = new KeyPairFactory();

    private CertificateSet set(KeyType type) {
        return new SelfSignedCertificates(TestCa.CLOCK).create(keys.generate(type), List.of("a.example.test"),
                Duration.ofDays(1));
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    void aHandshakeGetsTheSetItFirstSaw(TlsEngine engine) throws Exception {
        assumeFalse(engine == TlsEngine.OPENSSL && TlsPass.nativeOff(), "the native engine is off in this pass");
        CertificateSet rsa = set(KeyType.RSA_2048);
        var served = new SwappableKeyManager();
        served.install(rsa);
        var swapping = new SwapAfterFirstQuestion(served, set(KeyType.EC_P256));
        SSLContext context = engine == TlsEngine.JDK ? ServerTls.jdkContext(swapping) : NativeTls.context(swapping);

        EngineHandshake handshake = EngineHandshake.between(context.createSSLEngine());

        assertThat(swapping.questions()).as("alias questions, the swap after the first").startsWith("EC -> none")
                .hasSizeGreaterThan(1);
        assertThat(handshake.client().getSession().getPeerCertificates()[0]).isEqualTo(rsa.leaf());
    }

    /**
     * Asks {@code served} and, right after the first question of the handshake, installs {@code next}:
     * the swap lands between that question and the next.
     */
    private static final class SwapAfterFirstQuestion extends X509ExtendedKeyManager {
        private final SwappableKeyManager served;
        private final CertificateSet next;
        private final List<String> questions = new ArrayList<>();

        SwapAfterFirstQuestion(SwappableKeyManager served, CertificateSet next) {
            this.served = served;
            this.next = next;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = served.chooseEngineServerAlias(keyType, issuers, engine);
            questions.add(keyType + (alias == null ? " -> none" : " -> " + alias));
            if (questions.size() == 1) {
                served.install(next);
            }
            return alias;
        }

        List<String> questions() {
            return questions;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            throw new UnsupportedOperationException("the listener uses engines");
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return served.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return served.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return served.getPrivateKey(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
