package io.hotcert.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Names from the configuration, which were validated there, as dnsjava's absolute names. */
final class DnsNames {

    private DnsNames() {
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("\"" + name + "\" is not a DNS name", e);
        }
    }
}
