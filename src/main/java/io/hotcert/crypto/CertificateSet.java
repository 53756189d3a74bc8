package io.hotcert.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with the certificate chain issued for it: leaf first, then the intermediates in
 * signing order, no root. This is the unit that is checked, stored and swapped as a whole.
 */
public record CertificateSet(PrivateKey privateKey, List<X509Certificate> chain) {

    public CertificateSet {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate set needs at least the leaf certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The certificates after the leaf: what goes into {@code chain.pem}. */
    public List<X509Certificate> intermediates() {
        return chain.subList(1, chain.size());
    }

    @Override
    public String toString() {
        // Never let the private key reach a log line through a record's generated toString.
        return "CertificateSet[leaf=" + leaf().getSubjectX500Principal() + ", serial="
                + leaf().getSerialNumber().toString(16) + ", chain length=" + chain.size() + "]";
    }
}
