package io.hotcert.config;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.hotcert.crypto.Pem;

/** Makes throw-away PEM objects for trust-store tests. */
final class TestCertificates {

    private TestCertificates() {
    }

    static String selfSignedPem() throws Exception {
        var keys = ecKeyPair();
        var name = new X500Name("CN=hotcert test CA");
        var now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        return Pem.encodeCertificates(List.of(certificate));
    }

    static String privateKeyPem() throws Exception {
        return Pem.encodePrivateKey(ecKeyPair().getPrivate());
    }

    private static KeyPair ecKeyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }
}
