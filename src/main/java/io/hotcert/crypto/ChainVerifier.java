package io.hotcert.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a {@link CertificateSet} is fit to be stored and served for a set of host names.
 *
 * <p>No trust anchor is needed: private and test CAs are legitimate, so the chain is only checked
 * to be internally consistent. The checks run in a fixed order and the first failure is reported:
 * the private key matches the leaf, each certificate is signed by the next one, a leaf that is
 * not self-signed comes with its issuer, the leaf covers every name, and every certificate is
 * valid now. Messages number certificates from 1, leaf first, as they appear in the set.
 */
public final class ChainVerifier {

    private static final int CHALLENGE_BYTES = 32;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ChainVerifier(Clock clock) {
        this.clock = clock;
    }

    /** Checks the set; returns normally when it is fit to serve {@code requiredNames}. */
    public void verify(CertificateSet set, List<String> requiredNames) throws ChainException {
        verifyConsistent(set);
        checkNamesCovered(set.leaf(), requiredNames);
        verifyCurrent(set);
    }

    /**
     * The checks that do not depend on names or on the time: the key matches the leaf, each
     * certificate is signed by the next, and the leaf's issuer is there. A set failing them cannot
     * complete a TLS handshake for anyone.
     */
    public void verifyConsistent(CertificateSet set) throws ChainException {
        checkKeyMatchesLeaf(set.privateKey(), set.leaf());
        checkSignatures(set.chain());
    }

    /** Checks that every certificate of the set is valid now. */
    public void verifyCurrent(CertificateSet set) throws ChainException {
        checkValidity(set.chain(), clock.instant());
    }

    /**
     * Signs random bytes and verifies them with the leaf's key rather than comparing key encodings:
     * this holds whatever provider or file format the private key was read back through.
     */
    private void checkKeyMatchesLeaf(PrivateKey privateKey, X509Certificate leaf) throws ChainException {
        PublicKey publicKey = leaf.getPublicKey();
        String mismatch = "the private key does not match the public key of the leaf certificate ("
                + subject(leaf) + ")";
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new ChainException(mismatch + ": the private key is " + privateKey.getAlgorithm()
                    + ", the certificate's key is " + publicKey.getAlgorithm());
        }
        byte[] challenge = new byte[CHALLENGE_BYTES];
        random.nextBytes(challenge);
        try {
            String algorithm = SignatureAlgorithms.forKey(publicKey);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();

            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new ChainException(mismatch);
            }
        } catch (SignatureException e) {
            // A signature from a key on another curve may not even decode as one for this key.
            throw new ChainException(mismatch, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ChainException("cannot check the private key against the leaf certificate ("
                    + subject(leaf) + "): " + e.getMessage(), e);
        }
    }

    /** DNS names are covered by dNSName SANs and IP addresses by iPAddress SANs, never one by the other. */
    private static void checkNamesCovered(X509Certificate leaf, List<String> requiredNames) throws ChainException {
        List<String> dnsNames;
        List<String> ipAddresses;
        try {
            dnsNames = SubjectAltNames.dnsNames(leaf);
            ipAddresses = SubjectAltNames.ipAddresses(leaf);
        } catch (CertificateParsingException e) {
            throw new ChainException("the leaf certificate (" + subject(leaf)
                    + ") has an unreadable subjectAltName extension: " + e.getMessage(), e);
        }
        List<String> missing = requiredNames.stream()
                .filter(name -> IpAddresses.canonical(name)
                        .map(address -> !ipAddresses.contains(address))
                        .orElseGet(() -> dnsNames.stream().noneMatch(pattern -> SubjectAltNames.covers(pattern, name))))
                .toList();
        if (!missing.isEmpty()) {
            throw new ChainException("the leaf certificate (" + subject(leaf) + ") does not cover "
                    + String.join(", ", missing) + "; its DNS names are " + dnsNames
                    + (ipAddresses.isEmpty() ? "" : ", its IP addresses " + ipAddresses));
        }
    }

    private static void checkSignatures(List<X509Certificate> chain) throws ChainException {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            String notSigned = describe(chain, i) + " is not signed by " + describe(chain, i + 1);
            if (!certificate.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
                throw new ChainException(notSigned + ": its issuer is " + issuer(certificate));
            }
            Optional<String> problem = signatureProblem(certificate, next.getPublicKey());
            if (problem.isPresent()) {
                throw new ChainException(notSigned + ": the signature does not verify (" + problem.get() + ")");
            }
        }
        if (chain.size() == 1) {
            checkLoneLeafIsSelfSigned(chain.get(0));
        }
    }

    /** A leaf alone is acceptable only as its own issuer, like a bootstrap certificate. */
    private static void checkLoneLeafIsSelfSigned(X509Certificate leaf) throws ChainException {
        if (!leaf.getIssuerX500Principal().equals(leaf.getSubjectX500Principal())) {
            throw new ChainException("chain has no intermediate: the issuer of the leaf (" + issuer(leaf)
                    + ") is missing");
        }
        Optional<String> problem = signatureProblem(leaf, leaf.getPublicKey());
        if (problem.isPresent()) {
            throw new ChainException("the leaf (" + subject(leaf) + ") names itself as issuer but is not"
                    + " signed by its own key (" + problem.get() + "); its issuer is missing");
        }
    }

    /** Why the certificate's signature does not verify with the key, or empty when it does. */
    private static Optional<String> signatureProblem(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static void checkValidity(List<X509Certificate> chain, Instant now) throws ChainException {
        for (int i = 0; i < chain.size(); i++) {
            Instant notBefore = chain.get(i).getNotBefore().toInstant();
            Instant notAfter = chain.get(i).getNotAfter().toInstant();
            String dates = " (valid from " + notBefore + " to " + notAfter + ", now " + now + ")";
            if (now.isBefore(notBefore)) {
                throw new ChainException(describe(chain, i) + " is not yet valid until " + notBefore + dates);
            }
            if (now.isAfter(notAfter)) {
                throw new ChainException(describe(chain, i) + " expired at " + notAfter + dates);
            }
        }
    }

    private static String describe(List<X509Certificate> chain, int index) {
        return "certificate " + (index + 1) + " (" + subject(chain.get(index)) + ")";
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static String issuer(X509Certificate certificate) {
        return certificate.getIssuerX500Principal().getName();
    }
}
