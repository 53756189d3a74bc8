package io.hotcert.renewal;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import io.hotcert.acme.CertificateIssuer;
import io.hotcert.acme.IssuanceException;
import io.hotcert.acme.Issued;
import io.hotcert.challenge.ResponderScope;
import io.hotcert.config.ConfigException;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;

/**
 * Gets a certificate set for the {@link RenewalService.Target} from the CA, for a fresh key, with the
 * HTTP-01 responder open only meanwhile, and checks its chain before anyone stores it.
 */
public final class VerifiedIssuance {

    private final RenewalService.Target target;
    private final CertificateIssuer issuer;
    private final ResponderScope responder;
    private final KeyPairFactory keys;
    private final ChainVerifier verifier;
    private final String logPrefix;

    /** @param logPrefix what the renewal's log lines start with ("" but in a dry run), before the subject */
    public VerifiedIssuance(RenewalService.Target target, CertificateIssuer issuer, ResponderScope responder,
            KeyPairFactory keys, ChainVerifier verifier, String logPrefix) {
        this.target = target;
        this.logPrefix = logPrefix;
        this.issuer = issuer;
        this.responder = responder;
        this.keys = keys;
        this.verifier = verifier;
    }

    /** The certificate's subject, the first configured name, after the log prefix: what log lines say is being renewed. */
    String subject() {
        return logPrefix + target.domains().get(0);
    }

    /** Whether {@code set} still passes the checks a live set must pass. */
    void verifyConsistent(CertificateSet set) throws ChainException {
        verifier.verifyConsistent(set);
    }

    /** The issuer's chain for a fresh key, checked; not yet stored. */
    Verified issue(Optional<X509Certificate> replacing)
            throws IOException, IssuanceException, ChainException, ConfigException, InterruptedException {
        // A fresh key for every certificate, so a key that leaked once does not outlive its certificate.
        KeyPair domainKey = keys.generate(target.keyType());
        Issued issued;
        try (ResponderScope.Open open = responder.open()) {
            issued = issuer.issue(target.domains(), domainKey, target.profile(), replacing);
        }
        var set = new CertificateSet(domainKey.getPrivate(), issued.chain());
        verifier.verify(set, target.domains());
        return new Verified(set, issued.challenges());
    }

    /** A checked set, and the challenge types that proved its names (see {@link Issued#challenges}). */
    record Verified(CertificateSet set, List<String> challenges) {
    }
}
