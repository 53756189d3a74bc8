package io.hotcert.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

import io.hotcert.crypto.Pem;
import io.hotcert.testing.TestCa;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountStoreTest {

    @TempDir
    Path storage;

    static Stream<Arguments> keyTypes() {
        return Stream.of(Arguments.of("EC P-256", (Supplier<KeyPair>) TestCa::ecKeyPair),
                Arguments.of("RSA 2048", (Supplier<KeyPair>) TestCa::rsaKeyPair));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void theKeyPairReadsBackWithAMatchingPublicKey(String type, Supplier<KeyPair> keys) throws IOException {
        KeyPair keyPair = keys.get();
        var store = new AccountStore(storage, new AtomicFiles());

        store.writeKey(keyPair);
        KeyPair read = store.readKey().orElseThrow();

        assertThat(read.getPrivate().getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
        assertThat(read.getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
    }

    @Test
    void theKeyIsPrivateFromCreationInAPrivateDirectory() throws IOException {
        List<String> modesAtCreation = new ArrayList<>();
        var files = new AtomicFiles(created -> modesAtCreation.add(mode(created)));

        new AccountStore(storage, files).writeKey(TestCa.ecKeyPair());

        assertThat(modesAtCreation).containsExactly("rw-------");
        assertThat(mode(storage.resolve("account/privkey.pem"))).isEqualTo("rw-------");
        assertThat(mode(storage.resolve("account"))).isEqualTo("rwx------");
    }

    @Test
    void aTraditionalOpenSslKeyPairIsReadToo() throws IOException {
        KeyPair keyPair = TestCa.rsaKeyPair();
        var pem = new StringWriter();
        try (var writer = new JcaPEMWriter(pem)) {
            writer.writeObject(keyPair.getPrivate()); // BEGIN RSA PRIVATE KEY, which holds the public half
        }
        Files.createDirectory(storage.resolve("account"));
        Files.writeString(storage.resolve("account/privkey.pem"), pem.toString());

        KeyPair read = new AccountStore(storage, new AtomicFiles()).readKey().orElseThrow();

        assertThat(read.getPublic().getEncoded()).isEqualTo(keyPair.getPublic().getEncoded());
    }

    @Test
    void nothingIsReadBeforeAnythingWasWritten() throws IOException {
        var store = new AccountStore(storage, new AtomicFiles());

        assertThat(store.readKey()).isEmpty();
        assertThat(store.readAccount()).isEmpty();
    }

    @Test
    void anUnusableKeyFileIsReportedWithItsName() throws IOException {
        Path keyFile = storage.resolve("account/privkey.pem");
        Files.createDirectory(keyFile.getParent());
        Files.writeString(keyFile, Pem.encodePrivateKey(TestCa.ecKeyPair().getPrivate()));

        assertThatThrownBy(() -> new AccountStore(storage, new AtomicFiles()).readKey())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("no public key");
    }

    @Test
    void theAccountRecordReadsBackAndIsReplacedWhenTheDirectoryChanges() throws IOException {
        var store = new AccountStore(storage, new AtomicFiles());
        var staging = new AccountRecord(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"),
                URI.create("https://acme-staging-v02.api.letsencrypt.org/acme/acct/123").toURL());
        var production = new AccountRecord(URI.create("https://acme-v02.api.letsencrypt.org/directory"),
                URI.create("https://acme-v02.api.letsencrypt.org/acme/acct/456").toURL());

        store.writeAccount(staging);
        assertThat(store.readAccount()).contains(staging);
        store.writeAccount(production);

        assertThat(store.readAccount()).contains(production);
        assertThat(mode(storage.resolve("account/account.properties"))).isEqualTo("rw-------");
        assertThat(storage.resolve("account").toFile().list()).containsExactly("account.properties");
    }

    @Test
    void theTermsOfServiceAgreedAndSeenReadBack() throws IOException {
        var store = new AccountStore(storage, new AtomicFiles());
        var record = new AccountRecord(URI.create("https://ca.example.test/directory"),
                URI.create("https://ca.example.test/acct/1").toURL(), Optional.of(URI.create("https://ca.example.test/tos-1")),
                Optional.of(URI.create("https://ca.example.test/tos-2")));

        store.writeAccount(record);

        assertThat(store.readAccount()).contains(record);
    }

    @Test
    void aRecordWrittenBeforeTermsWereKeptReadsWithoutThem() throws IOException {
        Path recordFile = storage.resolve("account/account.properties");
        Files.createDirectory(recordFile.getParent());
        Files.writeString(recordFile, "directory=https\\://ca.example.test/directory\n"
                + "location=https\\://ca.example.test/acct/1\n");

        AccountRecord read = new AccountStore(storage, new AtomicFiles()).readAccount().orElseThrow();

        assertThat(read.termsOfService()).isEmpty();
        assertThat(read.termsOfServiceSeen()).isEmpty();
        assertThat(read.termsChanged()).isFalse();
    }

    @Test
    void anIncompleteAccountRecordIsReportedWithFileAndKey() throws IOException {
        Path recordFile = storage.resolve("account/account.properties");
        Files.createDirectory(recordFile.getParent());
        Files.writeString(recordFile, "directory=https\\://acme.example/directory\n");

        assertThatThrownBy(() -> new AccountStore(storage, new AtomicFiles()).readAccount())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(recordFile.toString())
                .hasMessageContaining("missing key 'location'");
    }

    @Test
    void leftoversOfAPowerCutInTheAccountDirectoryAreCleanedOnTheNextWrite() throws IOException {
        Path account = Files.createDirectory(storage.resolve("account"));
        Files.writeString(account.resolve(".privkey.pem.tmp-x1"), "half written");

        new AccountStore(storage, new AtomicFiles()).writeKey(TestCa.ecKeyPair());

        assertThat(account.toFile().list()).containsExactly("privkey.pem");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /**
     * Tests run as root, which every mode lets in; a record that cannot even be looked at (a link
     * to itself) fails the same way a 0700 account/ fails for another user, where
     * {@code Files.exists} answers false as well.
     */
    @Test
    void aRecordThatCannotBeLookedAtIsAnErrorNamingItNotNoAccount() throws IOException {
        Path record = Files.createDirectories(storage.resolve("account")).resolve("account.properties");
        Files.createSymbolicLink(record, record.getFileName());

        assertThatThrownBy(() -> new AccountStore(storage, new AtomicFiles()).readAccount())
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot read " + record + ": ")
                .hasMessageContaining("symbolic links");
    }

    @Test
    void noRecordIsNoAccount() throws IOException {
        assertThat(new AccountStore(storage, new AtomicFiles()).readAccount()).isEmpty();
    }
}
