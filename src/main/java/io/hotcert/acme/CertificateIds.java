package io.hotcert.acme;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.toolbox.AcmeUtils;

/**
 * The name RFC 9773 gives a certificate, base64url(Authority Key Identifier) "." base64url(serial):
 * the last path segment of its renewalInfo URL and the value of {@code replaces} in an order.
 */
public final class CertificateIds {

    private CertificateIds() {
    }

    /** Empty for a certificate without an Authority Key Identifier, e.g. a self-signed one: no CA can name it. */
    public static Optional<String> of(X509Certificate certificate) {
        try {
            return Optional.of(AcmeUtils.getRenewalUniqueIdentifier(certificate));
        } catch (AcmeProtocolException e) {
            return Optional.empty();
        }
    }
}
