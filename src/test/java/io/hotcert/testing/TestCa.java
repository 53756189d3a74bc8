package io.hotcert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.Pem;

/**
 * The tests' one certificate fixture: a throw-away certificate authority, the keys it certifies
 * and the stored sets it issues, built with Bouncy Castle's PKIX classes on the JDK's providers
 * (no Bouncy Castle provider, as in production). Default validity periods are around {@link #NOW}:
 * CAs for years, leaves from a day before to {@link #LEAF_DAYS_LEFT} days after.
 */
public final class TestCa {

    public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final int LEAF_DAYS_LEFT = 89;

    private static final AtomicLong SERIALS = new AtomicLong(1000);
    private static final Instant CA_NOT_BEFORE = NOW.minus(Duration.ofDays(365));
    private static final Instant CA_NOT_AFTER = NOW.plus(Duration.ofDays(3650));

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A P-256 key pair, the kind every certificate here is signed with. */
    public static KeyPair ecKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
    }

    public static KeyPair rsaKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA 2048 keys", e);
        }
    }

    /** What a renewal stores: a leaf for {@code name} with a fresh key, issued by a fresh CA, and that CA. */
    public static CertificateSet certificateSet(String name) {
        TestCa ca = root("Test CA for " + name);
        KeyPair leafKey = ecKeyPair();
        X509Certificate leaf = ca.leaf(leafKey.getPublic(), List.of(name));
        return new CertificateSet(leafKey.getPrivate(), List.of(leaf, ca.certificate()));
    }

    /** Whether {@code key} is the private half of the (P-256) key certified by {@code certificate}. */
    public static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
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
            throw new IllegalStateException("cannot sign and verify with " + key.getAlgorithm(), e);
        }
    }

    public static TestCa root(String commonName) {
        KeyPair keys = ecKeyPair();
        var name = new X500Name("CN=" + commonName);
        return new TestCa(keys, sign(name, keys, name, keys.getPublic(), CA_NOT_BEFORE, CA_NOT_AFTER, caExtensions()));
    }

    public TestCa intermediate(String commonName) {
        return intermediate(commonName, CA_NOT_BEFORE, CA_NOT_AFTER);
    }

    public TestCa intermediate(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair subordinate = ecKeyPair();
        var name = new X500Name("CN=" + commonName);
        return new TestCa(subordinate, sign(subjectName(), keys, name, subordinate.getPublic(), notBefore, notAfter,
                caExtensions()));
    }

    public X509Certificate leaf(PublicKey key, List<String> names) {
        return leaf(key, names, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(LEAF_DAYS_LEFT)));
    }

    /**
     * A leaf for the names (the first also its common name), without the CA extensions; with an
     * Authority Key Identifier, as a real CA's leaf has, so ACME renewal information can name it.
     */
    public X509Certificate leaf(PublicKey key, List<String> names, Instant notBefore, Instant notAfter) {
        return leaf(key, new X500Name("CN=" + names.get(0)), notBefore, notAfter, names.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    }

    /** A leaf with exactly these subjectAltNames (of any kind) and an empty subject, as IP-address certificates have. */
    public X509Certificate leafWithAltNames(PublicKey key, GeneralName... altNames) {
        return leaf(key, new X500Name(new RDN[0]), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(LEAF_DAYS_LEFT)), altNames);
    }

    private X509Certificate leaf(PublicKey key, X500Name subject, Instant notBefore, Instant notAfter,
            GeneralName... altNames) {
        return sign(subjectName(), keys, subject, key, notBefore, notAfter,
                // RFC 5280 4.2.1.6: the names are critical when they are all the certificate has.
                List.of(extension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, new GeneralNames(altNames)),
                        extension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier())));
    }

    private ASN1Encodable authorityKeyIdentifier() {
        try {
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(keys.getPublic());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 for the key identifier", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** This CA's certificate as PEM, e.g. for a trust store. */
    public String certificatePem() {
        return Pem.encodeCertificates(List.of(certificate));
    }

    private X500Name subjectName() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static List<Extension> caExtensions() {
        return List.of(
                extension(Extension.basicConstraints, true, new BasicConstraints(true)),
                extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
    }

    private static Extension extension(ASN1ObjectIdentifier id, boolean critical, ASN1Encodable value) {
        try {
            return Extension.create(id, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey,
            Instant notBefore, Instant notAfter, List<Extension> extensions) {
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException("test certificate for " + subject + " could not be built", e);
        }
    }
}
