package io.hotcert.config;

/**
 * ACME External Account Binding (RFC 8555, section 7.3.4): the key identifier and the MAC key
 * the CA issued, as given in the configuration (the MAC key base64url-encoded).
 */
public record ExternalAccountBinding(String keyId, String hmacKey) {

    /** Leaves the MAC key out: it is a credential, and settings end up in logs and exceptions. */
    @Override
    public String toString() {
        return "ExternalAccountBinding[keyId=" + keyId + ", hmacKey=(hidden)]";
    }
}
