package io.hotcert.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;

import org.shredzone.acme4j.util.CSRBuilder;

/**
 * Certificate signing requests for the domain key. DNS names become dNSName SANs and IP
 * addresses iPAddress SANs. The subject's common name is the first configured domain, as the
 * contract says, when that is a DNS name; whether a CA copies it into the certificate is the CA's
 * choice (Let's Encrypt does, Pebble names the certificate after its own first identifier). When
 * the first entry is an IP address the subject stays empty: some CAs refuse an IP address as common
 * name, and Let's Encrypt's IP-address certificates carry none.
 */
public final class SigningRequests {

    private SigningRequests() {
    }

    /** A DER-encoded CSR for all names, signed with the domain key. */
    public static byte[] create(KeyPair domainKey, List<String> domains) {
        var builder = new CSRBuilder();
        for (String name : domains) {
            IpAddresses.canonical(name).map(IpAddresses::address).ifPresentOrElse(builder::addIP,
                    () -> builder.addDomain(name));
        }
        if (IpAddresses.canonical(domains.get(0)).isEmpty()) {
            builder.setCommonName(domains.get(0));
        }
        try {
            builder.sign(domainKey);
            return builder.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the signing request for " + domains.get(0), e);
        }
    }
}
