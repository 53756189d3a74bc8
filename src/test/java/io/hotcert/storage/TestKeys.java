package io.hotcert.storage;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.hotcert.crypto.CertificateSet;

/** Keys from the JDK and certificates built with Bouncy Castle's PKIX classes (no BC provider). */
final class TestKeys {

    private static final AtomicLong SERIALS = new AtomicLong(1);

    private TestKeys() {
    }

    static KeyPair ecKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsaKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A leaf for {@code name} with a fresh key, issued by a fresh intermediate. */
    static CertificateSet certificateSet(String name) {
        KeyPair intermediateKey = ecKeyPair();
        KeyPair leafKey = ecKeyPair();
        X509Certificate intermediate = certificate("CN=Test Intermediate for " + name, intermediateKey, intermediateKey);
        X509Certificate leaf = certificate("CN=" + name, leafKey, intermediateKey, intermediate.getSubjectX500Principal());
        return new CertificateSet(leafKey.getPrivate(), List.of(leaf, intermediate));
    }

    /** Whether {@code key} is the private half of the key certified by {@code certificate}. */
    static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        try {
            byte[] data = "proof of possession".getBytes(StandardCharsets.US_ASCII);
            var signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(data);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, KeyPair issuerKey) {
        return certificate(subject, subjectKey, issuerKey, new X500Principal(subject));
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, KeyPair issuerKey, X500Principal issuer) {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(90))),
                new X500Principal(subject), subjectKey.getPublic());
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
