package io.hotcert.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues self-signed TLS server certificates: the HTTPS bootstrap certificate served before the
 * first ACME certificate exists, and fixtures in tests.
 */
public final class SelfSignedCertificates {

    /** 127 random bits with the top one set: positive, non-zero and always 16 bytes (RFC 5280 allows 20). */
    private static final int SERIAL_BITS = 127;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SelfSignedCertificates(Clock clock) {
        this.clock = clock;
    }

    /**
     * A certificate for {@code key} valid from now for {@code validity}, with every name as a DNS
     * subjectAltName, the first also as common name, for TLS server authentication.
     */
    public CertificateSet create(KeyPair key, List<String> names, Duration validity) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, was " + validity);
        }
        // X.509 times have whole seconds; truncating keeps notBefore from lying after "now".
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.get(0)).build();
        var sans = new GeneralNames(names.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, serialNumber(), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), subject, key.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, sans)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            var signer = new JcaContentSignerBuilder(SignatureAlgorithms.forKey(key.getPublic())).build(key.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new CertificateSet(key.getPrivate(), List.of(certificate));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a self-signed certificate for " + names, e);
        }
    }

    private BigInteger serialNumber() {
        return new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
    }
}
