package io.hotcert.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;


class KeyPairFactoryTest {

    private final KeyPairFactory factory = new KeyPairFactory();

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generatesEachTypeAndRecognisesItAgain(KeyType type) {
        var pair = factory.generate(type);

        assertThat(pair.getPublic().getAlgorithm()).isEqualTo(type.algorithm());
        assertThat(pair.getPrivate().getAlgorithm()).isEqualTo(type.algorithm());
        assertThat(sizeInBits(pair.getPublic())).isEqualTo(type.bits());
        assertThat(KeyPairFactory.typeOf(pair.getPublic())).contains(type);
    }

    @Test
    void p521IsNoKnownType() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));

        assertThat(KeyPairFactory.typeOf(generator.generateKeyPair().getPublic())).isEmpty();
    }

    @Test
    void ed25519IsNoKnownType() throws Exception {
        var key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        assertThat(KeyPairFactory.typeOf(key)).isEmpty();
    }

    @Test
    void aCurveOfTheSameSizeIsNotP256() {
        // The JDK no longer generates secp256k1 keys, so the key is put together by hand.
        var secp256k1 = EC5Util.convertToSpec(SECNamedCurves.getByName("secp256k1"));

        assertThat(secp256k1.getOrder().bitLength()).isEqualTo(256);
        assertThat(KeyPairFactory.typeOf(new HandMadeEcKey(secp256k1))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 2560})
    void otherRsaSizesAreNoKnownType(int bits) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);

        assertThat(KeyPairFactory.typeOf(generator.generateKeyPair().getPublic())).isEmpty();
    }

    private static int sizeInBits(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return ((RSAPublicKey) key).getModulus().bitLength();
    }

    /** An EC public key on a curve the JDK cannot generate; typeOf only reads its parameters. */
    private record HandMadeEcKey(ECParameterSpec params) implements ECPublicKey {
        @Override
        public ECParameterSpec getParams() {
            return params;
        }

        @Override
        public ECPoint getW() {
            return params.getGenerator();
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
