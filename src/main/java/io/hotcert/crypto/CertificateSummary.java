package io.hotcert.crypto;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;


/**
 * What {@code hotcert status} shows and the renewal policy decides on about a leaf certificate.
 *
 * @param names     the DNS and IP address subjectAltNames (addresses in {@link IpAddresses}' canonical
 *                  form), in certificate order
 * @param serial    the serial number in lower-case hexadecimal
 * @param issuer    the issuer's distinguished name (RFC 2253)
 * @param keyType   the certificate key's type, empty when it is none that hotcert creates
 */
public record CertificateSummary(List<String> names, String serial, String issuer, Instant notBefore,
        Instant notAfter, Optional<KeyType> keyType) {

    public CertificateSummary {
        names = List.copyOf(names);
    }

    public static CertificateSummary of(X509Certificate leaf) {
        try {
            return new CertificateSummary(
                    SubjectAltNames.all(leaf),
                    leaf.getSerialNumber().toString(16),
                    leaf.getIssuerX500Principal().getName(),
                    leaf.getNotBefore().toInstant(),
                    leaf.getNotAfter().toInstant(),
                    KeyPairFactory.typeOf(leaf.getPublicKey()));
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName extension in the certificate for "
                    + leaf.getSubjectX500Principal().getName(), e);
        }
    }
}
