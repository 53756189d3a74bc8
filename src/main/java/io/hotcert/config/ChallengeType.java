package io.hotcert.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A kind of ACME challenge, named as in {@code acme.challenges} and by the CA. */
public enum ChallengeType {
    /** A token on port 80: hotcert's HTTP listener or another web server's webroot. */
    HTTP_01("http-01"),
    /** A validation certificate on port 443, chosen by the ALPN protocol {@code acme-tls/1} (RFC 8737). */
    TLS_ALPN_01("tls-alpn-01"),
    /** A TXT record under {@code _acme-challenge}, through a DNS server that takes updates. */
    DNS_01("dns-01");

    private final String propertyValue;

    ChallengeType(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    public String propertyValue() {
        return propertyValue;
    }

    @Override
    public String toString() {
        return propertyValue;
    }

    /**
     * The value of {@code acme.challenges}: names separated by commas, in the order to try them,
     * each at most once.
     */
    static List<ChallengeType> parseList(String text) {
        var types = new ArrayList<ChallengeType>();
        for (String item : text.split(",", -1)) {
            String name = item.strip().toLowerCase(Locale.ROOT);
            ChallengeType type = Arrays.stream(values()).filter(t -> t.propertyValue.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException((name.isEmpty() ? "an empty entry"
                            : '"' + item.strip() + '"') + " is not a challenge type; expected a comma-separated list of "
                            + acceptedValues() + ", in the order to try them"));
            if (types.contains(type)) {
                throw new IllegalArgumentException(type + " is named twice; expected each challenge type at most once");
            }
            types.add(type);
        }
        return List.copyOf(types);
    }

    static String acceptedValues() {
        return Arrays.stream(values()).map(ChallengeType::propertyValue).collect(Collectors.joining(", "));
    }
}
