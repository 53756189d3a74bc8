package io.hotcert.acme;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Where the CA's renewal window for a certificate comes from (ACME Renewal Information,
 * RFC 9773). An interface so the renewal plan can be shown with a stand-in; the real one,
 * {@link AcmeRenewalInfo}, is shown against Pebble with a renewalInfo resource in front of it.
 */
public interface RenewalInfoSource {

    /**
     * @return the CA's suggested window, or empty when the CA offers no renewal information
     *         (or the certificate has no Authority Key Identifier to name it by)
     * @throws IOException when the CA was asked but gave no usable answer; the message names the URL
     */
    Optional<SuggestedWindow> fetch(X509Certificate leaf) throws IOException;
}
