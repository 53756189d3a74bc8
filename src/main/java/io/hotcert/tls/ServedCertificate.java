package io.hotcert.tls;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.ChainVerifier;

/**
 * The certificate the HTTPS listener serves, and the gate every new one passes before it is
 * swapped in: the key must match the leaf and each certificate must be signed by the next. No
 * trust anchor is required, since private and test CAs are legitimate.
 *
 * <p>Dates are checked too, but only to avoid making things worse: material outside its validity
 * is refused while the listener serves a certificate that is valid now, and accepted (with a
 * warning) when there is nothing better, such as at start or while the board's clock is wrong.
 */
public final class ServedCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(ServedCertificate.class);

    private final SwappableKeyManager keyManager;
    private final ChainVerifier verifier;

    public ServedCertificate(SwappableKeyManager keyManager, ChainVerifier verifier) {
        this.keyManager = keyManager;
        this.verifier = verifier;
    }

    /**
     * Checks {@code set} and swaps it in; new handshakes use it as soon as this returns.
     *
     * @param origin where the set comes from, for the log line (e.g. "live set 20260101T000000Z")
     * @throws ChainException when the set is refused; the set served before stays in place
     */
    public synchronized void install(CertificateSet set, String origin) throws ChainException {
        verifier.verifyConsistent(set);
        try {
            verifier.verifyCurrent(set);
        } catch (ChainException outsideValidity) {
            if (servesCurrentCertificate()) {
                throw outsideValidity;
            }
            LOG.warn("serving {} although {}: nothing valid to serve instead", origin, outsideValidity.getMessage());
        }
        keyManager.install(set);
        var summary = CertificateSummary.of(set.leaf());
        LOG.info("HTTPS serves {}: {} serial {}, valid until {}", origin, summary.names(), summary.serial(),
                summary.notAfter());
    }

    /** The set new handshakes get; empty before the first install. */
    public Optional<CertificateSet> current() {
        return keyManager.current();
    }

    /** For log lines after a refused or failed step: what the listener goes on serving. */
    public String stillServing() {
        return current().map(set -> "still serving serial " + CertificateSummary.of(set.leaf()).serial())
                .orElse("nothing served yet");
    }

    private boolean servesCurrentCertificate() {
        Optional<CertificateSet> served = keyManager.current();
        if (served.isEmpty()) {
            return false;
        }
        try {
            verifier.verifyCurrent(served.get());
            return true;
        } catch (ChainException e) {
            return false;
        }
    }
}
