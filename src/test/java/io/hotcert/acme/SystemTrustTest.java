package io.hotcert.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.exception.AcmeException;

import io.hotcert.crypto.Pem;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.TestCa;

/**
 * The CA's HTTPS is trusted through the system's store as it is on disk when a session is built,
 * not through the JVM's copy: the "system store" here is a file the test replaces between sessions.
 */
@EndToEnd
class SystemTrustTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    @TempDir
    Path dir;

    @Test
    void aReplacedSystemStoreAppliesToTheNextSession() throws Exception {
        Path systemStore = dir.resolve("ca-certificates.crt");
        replace(systemStore, Pem.encodeCertificates(List.of(TestCa.root("Some Other Root").certificate())));
        var sessions = sessions(systemStore, Optional.empty());

        assertThatThrownBy(() -> readDirectory(sessions)).isInstanceOf(AcmeException.class);

        replace(systemStore, Files.readString(CA.pebble().trustStore()));

        readDirectory(sessions);
    }

    @Test
    void sessionsWithTheSameTrustShareOneHttpClientAndAReplacedStoreGetsANewOne() throws Exception {
        Path systemStore = dir.resolve("ca-certificates.crt");
        replace(systemStore, Files.readString(CA.pebble().trustStore()));
        var sessions = sessions(systemStore, Optional.empty());

        HttpClient first = sessions.open().getHttpClient();
        assertThat(sessions.open().getHttpClient()).as("same trust: the client, its threads and connections reused")
                .isSameAs(first);

        replace(systemStore, Files.readString(CA.pebble().trustStore()) + Pem.encodeCertificates(
                List.of(TestCa.root("Another Root").certificate())));
        assertThat(sessions.open().getHttpClient()).as("replaced store: a client with the new trust")
                .isNotSameAs(first);
    }

    @Test
    void readsTheSystemStoreAsAJavaKeyStoreToo() throws Exception {
        Path systemStore = dir.resolve("cacerts");
        writeKeyStore(systemStore, Pem.readCertificates(CA.pebble().trustStore()).get(0));

        readDirectory(sessions(systemStore, Optional.empty()));
    }

    @Test
    void theConfiguredTrustStoreAddsToTheSystemStore() throws Exception {
        Path systemStore = dir.resolve("ca-certificates.crt");
        replace(systemStore, Pem.encodeCertificates(List.of(TestCa.root("Some Other Root").certificate())));

        readDirectory(sessions(systemStore, Optional.of(CA.pebble().trustStore())));
    }

    @Test
    void theFirstStoreThatExistsIsTheSystemStore() throws Exception {
        Path pemBundle = dir.resolve("ca-certificates.crt");
        replace(pemBundle, Files.readString(CA.pebble().trustStore()));
        var system = new SystemTrustStore(List.of(dir.resolve("java/cacerts"), pemBundle));

        assertThat(system.authorities()).hasValueSatisfying(authorities -> assertThat(authorities).hasSize(1));
        assertThat(new SystemTrustStore(List.of(dir.resolve("missing"))).authorities()).isEmpty();
    }

    @Test
    void anUnreadableSystemStoreIsAnErrorNamingTheFile() throws Exception {
        Path systemStore = dir.resolve("cacerts");
        Files.write(systemStore, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});

        assertThatThrownBy(() -> sessions(systemStore, Optional.empty()).open())
                .hasMessageContaining(systemStore.toString()).hasMessageContaining("trust store");
    }

    private static AcmeSessions sessions(Path systemStore, Optional<Path> extra) {
        return new AcmeSessions(CA.pebble().directory(), SystemTrustStore.of(Optional.of(systemStore.toString())), extra,
                Duration.ofSeconds(10));
    }

    /** Fetches the directory over HTTPS: the session's trust decides whether that works. */
    private static void readDirectory(AcmeSessions sessions) throws Exception {
        assertThat(sessions.open().getMetadata()).isNotNull();
    }

    /** As ca-certificates does: a new file renamed over the old one. */
    private static void replace(Path file, String content) throws Exception {
        Path fresh = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeKeyStore(Path file, X509Certificate authority) throws Exception {
        var store = KeyStore.getInstance("JKS");
        store.load(null, null);
        store.setCertificateEntry("pebble", authority);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
    }
}
