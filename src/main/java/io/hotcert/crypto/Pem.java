package io.hotcert.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM encoding and decoding of certificates and private keys, through Bouncy Castle's PKIX
 * classes with the JDK's own providers (no Bouncy Castle JCE provider is registered: it costs
 * start-up time on a small board and nothing here needs it).
 */
public final class Pem {

    private Pem() {
    }

    /** Encodes certificates one after the other, in the order given. */
    public static String encodeCertificates(List<X509Certificate> certificates) {
        return encode(certificates.toArray());
    }

    /** Encodes a private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String encodePrivateKey(PrivateKey key) {
        // Handed the key itself, the PEM writer picks the traditional EC / RSA forms, and for the
        // JDK's EC keys that form carries neither the curve nor the public key: unreadable later.
        try {
            return encode(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException("PEM encoding failed", e);
        }
    }

    /**
     * Encodes a key pair as the PKCS#8 private key followed by the public key: storing the public
     * half explicitly gives it back exactly, for every key type, without deriving it.
     */
    public static String encodeKeyPair(KeyPair keyPair) {
        return encode(new PemObject("PRIVATE KEY", keyPair.getPrivate().getEncoded()),
                new PemObject("PUBLIC KEY", keyPair.getPublic().getEncoded()));
    }

    private static String encode(Object... objects) {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PEM encoding failed", e);
        }
        return out.toString();
    }

    /** Reads every certificate in a PEM file, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return parseCertificates(reader, file.toString());
        }
    }

    private static List<X509Certificate> parseCertificates(Reader reader, String source) throws IOException {
        var converter = new JcaX509CertificateConverter();
        var result = new ArrayList<X509Certificate>();
        try (var parser = new PEMParser(reader)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new IOException(source + ": expected only certificates, found " + entryKind(o));
                }
                result.add(converter.getCertificate(holder));
            }
        } catch (CertificateException e) {
            throw new IOException(source + ": unreadable certificate: " + e.getMessage(), e);
        }
        return result;
    }

    /** What a PEM entry holds, in the words of an operator, not the parser's class names. */
    private static String entryKind(Object entry) {
        if (entry instanceof PrivateKeyInfo || entry instanceof PEMKeyPair) {
            return "a private key";
        }
        if (entry instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (entry instanceof X509CertificateHolder) {
            return "a certificate";
        }
        return entry instanceof PEMEncryptedKeyPair || entry instanceof PKCS8EncryptedPrivateKeyInfo
                ? "an encrypted private key" : "an entry of another kind";
    }

    /** Reads the one private key of a PEM file (PKCS#8, or the traditional EC / RSA forms). */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (var parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(file + ": no unencrypted private key found");
        }
    }

    /**
     * Reads a key pair written by {@link #encodeKeyPair}, or the traditional OpenSSL form that holds
     * both halves (as written by acme4j and {@code openssl ecparam -genkey}).
     */
    public static KeyPair readKeyPair(Path file) throws IOException {
        var converter = new JcaPEMKeyConverter();
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        try (var parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    privateKey = converter.getPrivateKey(info);
                } else if (o instanceof SubjectPublicKeyInfo info) {
                    publicKey = converter.getPublicKey(info);
                } else if (o instanceof PEMKeyPair pair && pair.getPublicKeyInfo() != null) {
                    KeyPair keyPair = converter.getKeyPair(pair);
                    privateKey = keyPair.getPrivate();
                    publicKey = keyPair.getPublic();
                } else {
                    throw new IOException(file + ": unexpected PEM entry: " + entryKind(o));
                }
            }
        }
        if (privateKey == null || publicKey == null) {
            throw new IOException(file + ": needs both a private and a public key, found "
                    + (privateKey == null ? "no" : "a") + " private and " + (publicKey == null ? "no" : "a") + " public key");
        }
        return new KeyPair(publicKey, privateKey);
    }
}
