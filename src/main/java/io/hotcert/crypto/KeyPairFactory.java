package io.hotcert.crypto;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Optional;


/**
 * Creates domain key pairs of a configured {@link KeyType} with the JDK's own providers, and
 * tells which {@link KeyType} an existing public key is, so that a stored certificate whose key
 * no longer matches the configuration can be replaced.
 */
public final class KeyPairFactory {

    private final SecureRandom random;

    public KeyPairFactory() {
        this(new SecureRandom());
    }

    public KeyPairFactory(SecureRandom random) {
        this.random = random;
    }

    /** Generates a fresh key pair of the given type. */
    public KeyPair generate(KeyType type) {
        try {
            var generator = KeyPairGenerator.getInstance(type.algorithm());
            if (isEc(type)) {
                generator.initialize(new ECGenParameterSpec(curveName(type)), random);
            } else {
                generator.initialize(type.bits(), random);
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            // Every supported JDK has EC (P-256, P-384) and RSA: reaching this is a broken runtime.
            throw new IllegalStateException("the JDK cannot generate " + type + " keys", e);
        }
    }

    /**
     * The key type of a public key, or empty when it is none that hotcert creates (another curve,
     * an unusual RSA size, another algorithm).
     */
    public static Optional<KeyType> typeOf(PublicKey key) {
        return Arrays.stream(KeyType.values()).filter(type -> isOfType(key, type)).findFirst();
    }

    private static boolean isOfType(PublicKey key, KeyType type) {
        if (isEc(type)) {
            // Comparing the whole domain parameters, not only the order's size, keeps curves of
            // equal size apart (secp256k1 or brainpoolP256r1 are not P-256).
            return key instanceof ECPublicKey ec && sameCurve(ec.getParams(), curveParameters(type));
        }
        return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == type.bits();
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec curveParameters(KeyType type) {
        try {
            var parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curveName(type)));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know the curve of " + type, e);
        }
    }

    private static boolean isEc(KeyType type) {
        return type.algorithm().equals("EC");
    }

    private static String curveName(KeyType type) {
        return switch (type) {
            case EC_P256 -> "secp256r1";
            case EC_P384 -> "secp384r1";
            default -> throw new IllegalArgumentException(type + " is not an elliptic-curve key type");
        };
    }
}
