package io.hotcert.crypto;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of domain key hotcert can create, named as in the {@code key.type} property. */
public enum KeyType {
    EC_P256("ec-p256", "EC", 256),
    EC_P384("ec-p384", "EC", 384),
    RSA_2048("rsa-2048", "RSA", 2048),
    RSA_3072("rsa-3072", "RSA", 3072),
    RSA_4096("rsa-4096", "RSA", 4096);

    private final String propertyValue;
    private final String algorithm;
    private final int bits;

    KeyType(String propertyValue, String algorithm, int bits) {
        this.propertyValue = propertyValue;
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** The name used in the configuration file, e.g. {@code ec-p256}. */
    public String propertyValue() {
        return propertyValue;
    }

    /** The JCA algorithm name: {@code EC} or {@code RSA}. */
    public String algorithm() {
        return algorithm;
    }

    /** The key size in bits (the curve size for EC keys). */
    public int bits() {
        return bits;
    }

    public static Optional<KeyType> fromPropertyValue(String value) {
        return Arrays.stream(values()).filter(t -> t.propertyValue.equals(value)).findFirst();
    }

    /** All accepted property values, for error messages. */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(KeyType::propertyValue).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return propertyValue;
    }
}
