package io.hotcert.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which TLS implementation the HTTPS listener asks for, named as in the {@code https.tls-engine} property. */
public enum TlsEngineChoice {
    /** The native engine where its library loads, else the JDK's. */
    AUTO("auto"),
    /** The native engine or no start: for an operator who would rather know than run slow. */
    OPENSSL("openssl"),
    JDK("jdk");

    private final String propertyValue;

    TlsEngineChoice(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    public String propertyValue() {
        return propertyValue;
    }

    static Optional<TlsEngineChoice> fromPropertyValue(String value) {
        return Arrays.stream(values()).filter(choice -> choice.propertyValue.equals(value)).findFirst();
    }

    static String acceptedValues() {
        return Arrays.stream(values()).map(TlsEngineChoice::propertyValue).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return propertyValue;
    }
}
