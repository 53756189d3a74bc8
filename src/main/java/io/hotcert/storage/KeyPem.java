package io.hotcert.storage;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Keys as stored PEM, always in PKCS#8 ({@code BEGIN PRIVATE KEY}). Bouncy Castle's PEM writer
 * turns a JDK EC key into the traditional {@code BEGIN EC PRIVATE KEY} form without the public
 * point, which its own parser then cannot turn back into a key; PKCS#8 reads back everywhere.
 *
 * <p>A key pair is the private key followed by the public key: storing the public key explicitly
 * gives it back exactly, for every key type, without deriving it from the private key.
 */
final class KeyPem {

    private KeyPem() {
    }

    static byte[] encodePrivateKey(PrivateKey key) {
        return encode(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    static byte[] encodeKeyPair(KeyPair keyPair) {
        return encode(new PemObject("PRIVATE KEY", keyPair.getPrivate().getEncoded()),
                new PemObject("PUBLIC KEY", keyPair.getPublic().getEncoded()));
    }

    private static byte[] encode(PemObject... objects) {
        var out = new StringWriter();
        try (var writer = new PemWriter(out)) {
            for (PemObject object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PEM encoding of a key failed", e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a key pair written by {@link #encodeKeyPair}, or the traditional OpenSSL form that holds
     * both halves (as written by acme4j and {@code openssl ecparam -genkey}).
     */
    static KeyPair decodeKeyPair(Path file) throws IOException {
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
                    throw new IOException("unexpected PEM entry " + o.getClass().getSimpleName());
                }
            }
        }
        if (privateKey == null || publicKey == null) {
            throw new IOException("needs both a private and a public key, found "
                    + (privateKey == null ? "no" : "a") + " private and "
                    + (publicKey == null ? "no" : "a") + " public key");
        }
        return new KeyPair(publicKey, privateKey);
    }
}
