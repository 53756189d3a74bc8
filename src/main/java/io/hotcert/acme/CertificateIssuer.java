package io.hotcert.acme;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import io.hotcert.config.ConfigException;

/**
 * Where new certificates come from. The renewal flow only needs this much, so it can be shown
 * with a stand-in issuer in unit tests while the real one, {@link AcmeIssuer}, is shown against a CA.
 */
public interface CertificateIssuer {

    /**
     * @param replacing the certificate the new one replaces, where there is one: named to the CA
     *                  as {@code replaces} (RFC 9773) where it offers renewal information
     * @return the chain the CA issued for the key, and the challenges that proved the names
     */
    Issued issue(List<String> domains, KeyPair domainKey, Optional<String> profile,
            Optional<X509Certificate> replacing) throws IssuanceException, ConfigException, IOException, InterruptedException;
}
