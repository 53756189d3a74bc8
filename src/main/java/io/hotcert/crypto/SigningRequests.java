package io.hotcert.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;

import org.shredzone.acme4j.util.CSRBuilder;

/**
 * Certificate signing requests for the domain key. The subject's common name is the first
 * configured domain, as the contract says; whether a CA copies it into the certificate is the
 * CA's choice (Let's Encrypt does, Pebble names the certificate after its own first identifier).
 */
public final class SigningRequests {

    private SigningRequests() {
    }

    /** A DER-encoded CSR for all names, signed with the domain key. */
    public static byte[] create(KeyPair domainKey, List<String> domains) {
        var builder = new CSRBuilder();
        builder.addDomains(domains);
        builder.setCommonName(domains.get(0));
        try {
            builder.sign(domainKey);
            return builder.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the signing request for " + domains.get(0), e);
        }
    }
}
