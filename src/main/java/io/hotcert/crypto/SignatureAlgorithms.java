package io.hotcert.crypto;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/** The JCA signature algorithm that goes with a key, as used for hotcert's own signatures. */
final class SignatureAlgorithms {

    private SignatureAlgorithms() {
    }

    /**
     * SHA-256 for P-256 and RSA keys; SHA-384 for larger curves, because a hash shorter than the
     * curve order would waste the curve's strength (and the CA/Browser Forum requires it for P-384).
     */
    static String forKey(PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> ((ECPublicKey) key).getParams().getOrder().bitLength() > 256
                    ? "SHA384withECDSA" : "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
        };
    }
}
