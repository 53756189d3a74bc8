package io.hotcert.acme;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.hotcert.crypto.Pem;

/**
 * The authorities the operating system trusts, read from its files each time a session to the CA
 * is built. The JVM's own {@code lib/security/cacerts} is a copy frozen when the runtime was
 * built (hotcert's jlinked runtime carries one) that {@code ca-certificates} updates never reach;
 * over a board's life a root change at the CA's API would break every renewal. The first of
 * {@code candidates} that exists is used: a Java key store (Debian's
 * {@code /etc/ssl/certs/java/cacerts}) or a PEM bundle ({@code ca-certificates.crt}).
 */
public record SystemTrustStore(List<Path> candidates) {

    /** Points hotcert at another system store (one file, either format): for tests and unusual systems. */
    public static final String PROPERTY = "hotcert.system-trust-store";

    /** Where Debian and its derivatives keep them, the Java form first (no PEM parsing). */
    public static final SystemTrustStore DEBIAN = new SystemTrustStore(
            List.of(Path.of("/etc/ssl/certs/java/cacerts"), Path.of("/etc/ssl/certs/ca-certificates.crt")));

    /** A well-known password that guards nothing: the store holds public certificates only. */
    private static final char[] KEY_STORE_PASSWORD = "changeit".toCharArray();

    public SystemTrustStore {
        candidates = List.copyOf(candidates);
    }

    /** The store named by {@code overridePath} (the {@link #PROPERTY} value) when set, else Debian's. */
    public static SystemTrustStore of(Optional<String> overridePath) {
        return overridePath.filter(p -> !p.isBlank()).map(p -> new SystemTrustStore(List.of(Path.of(p)))).orElse(DEBIAN);
    }

    /**
     * The authorities of the first store that exists, or empty when the system has none (the JVM's
     * own copy then applies).
     */
    Optional<List<X509Certificate>> authorities() throws IOException {
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                List<X509Certificate> authorities = read(candidate);
                if (authorities.isEmpty()) {
                    throw new IOException(candidate + ": the system's trust store holds no certificate");
                }
                return Optional.of(authorities);
            }
        }
        return Optional.empty();
    }

    private static List<X509Certificate> read(Path file) throws IOException {
        if (isPem(file)) {
            return Pem.readCertificates(file);
        }
        // KeyStore.load reports a malformed file as an IOException that does not name it.
        try (InputStream in = Files.newInputStream(file)) {
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, KEY_STORE_PASSWORD);
            var authorities = new ArrayList<X509Certificate>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    authorities.add(certificate);
                }
            }
            return authorities;
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException(file + ": cannot read the system's trust store: " + e.getMessage(), e);
        }
    }

    /** A key store starts with JKS's magic number or, as PKCS#12, with a DER sequence; a PEM bundle with text. */
    private static boolean isPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(4);
            boolean jks = start.length == 4 && (start[0] & 0xff) == 0xfe && (start[1] & 0xff) == 0xed
                    && (start[2] & 0xff) == 0xfe && (start[3] & 0xff) == 0xed;
            boolean der = start.length > 0 && start[0] == 0x30;
            return !jks && !der;
        }
    }
}
