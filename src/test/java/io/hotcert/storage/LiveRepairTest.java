package io.hotcert.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.TestCa;

/** A store that repairs itself: a live link that points nowhere or at a bad set, and a key others may read. */
class LiveRepairTest {

    private static final Clock NOV_21 = Clock.fixed(Instant.parse("2026-11-21T21:33:00Z"), ZoneOffset.UTC);

    @TempDir
    Path storage;

    private final CertificateStore.SetCheck checks = new ChainVerifier(NOV_21)::verifyConsistent;

    private CertificateStore store() {
        return new CertificateStore(storage, new AtomicFiles(), NOV_21);
    }

    @Test
    void aLiveLinkToARemovedSetFallsBackToTheNewestArchivedSet() throws IOException {
        var store = store();
        StoredSet older = store.store(TestCa.certificateSet("one.example"));
        CertificateSet newer = TestCa.certificateSet("two.example");
        StoredSet newest = store.store(newer);
        StoredSet removed = store.store(TestCa.certificateSet("three.example"));
        deleteTree(removed.directory());

        assertThat(store.repairLive(checks)).isTrue();

        assertThat(store.liveId()).contains(newest.id());
        assertThat(store.readLive().orElseThrow().chain()).isEqualTo(newer.chain());
        assertThat(store.fallbacks()).isEqualTo(1);
        assertThat(store.warnings()).singleElement().asString()
                .contains("which does not exist", "switched it to archive/" + newest.id());
        assertThat(older.directory()).isDirectory();
    }

    @Test
    void aLiveSetWhoseKeyDoesNotMatchFallsBackAndTheBrokenSetIsKept() throws IOException {
        var store = store();
        CertificateSet good = TestCa.certificateSet("board.example");
        StoredSet older = store.store(good);
        StoredSet broken = store.store(TestCa.certificateSet("board.example"));
        Files.writeString(broken.privateKeyFile(), Pem.encodePrivateKey(TestCa.ecKeyPair().getPrivate()));

        store.repairLive(checks);

        assertThat(store.liveId()).contains(older.id());
        assertThat(store.readLive().orElseThrow().chain()).isEqualTo(good.chain());
        assertThat(broken.directory()).isDirectory();
        assertThat(store.warnings()).singleElement().asString().contains("does not match");
    }

    @Test
    void aLiveSetThatCannotBeParsedFallsBack() throws IOException {
        var store = store();
        StoredSet older = store.store(TestCa.certificateSet("board.example"));
        StoredSet broken = store.store(TestCa.certificateSet("board.example"));
        Files.writeString(broken.fullChainFile(), "");

        store.repairLive(checks);

        assertThat(store.liveId()).contains(older.id());
    }

    @Test
    void withNoUsableArchivedSetThereIsNoCertificateAndNothingIsDeleted() throws IOException {
        var store = store();
        StoredSet broken = store.store(TestCa.certificateSet("board.example"));
        Files.writeString(broken.privateKeyFile(), Pem.encodePrivateKey(TestCa.ecKeyPair().getPrivate()));

        assertThat(store.repairLive(checks)).isFalse();

        assertThat(storage.resolve("live")).doesNotExist();
        assertThat(Files.exists(storage.resolve("live"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(store.readLive()).isEmpty();
        assertThat(store.fallbacks()).isZero();
        assertThat(broken.directory()).isDirectory();
        assertThat(store.warnings()).singleElement().asString().contains("no archived set passes the checks");
    }

    @Test
    void aUsableLiveSetAndNoLiveSetAreLeftAlone() throws IOException {
        var store = store();
        store.repairLive(checks);
        assertThat(store.liveId()).isEmpty();

        StoredSet older = store.store(TestCa.certificateSet("one.example"));
        StoredSet live = store.store(TestCa.certificateSet("two.example"));
        assertThat(store.repairLive(checks)).isFalse();

        assertThat(store.liveId()).contains(live.id());
        assertThat(older.directory()).isDirectory();
        assertThat(store.warnings()).isEmpty();
        assertThat(store.fallbacks()).isZero();
    }

    @Test
    void aKeyOthersMayReadIsSetBackTo0600WhenLoadedAndStatusSaysSo() throws IOException {
        StoredSet stored = store().store(TestCa.certificateSet("board.example"));
        Files.setPosixFilePermissions(storage.resolve("live/privkey.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(store().warnings()).singleElement().asString()
                .contains("group and others may access it (mode 0644)");

        var daemonStore = store();
        daemonStore.readLive();

        assertThat(mode(stored.privateKeyFile())).isEqualTo("rw-------");
        assertThat(daemonStore.warnings()).singleElement().asString()
                .contains(stored.privateKeyFile().toString(), "mode 0644", "set it back to 0600");
    }

    @Test
    void aKeyOthersMayReadThatCannotBeRestrictedIsRefused() throws Exception {
        StoredSet older = store().store(TestCa.certificateSet("board.example"));
        StoredSet exposed = store().store(TestCa.certificateSet("board.example"));
        Files.setPosixFilePermissions(exposed.privateKeyFile(), PosixFilePermissions.fromString("rw-r-----"));
        // An immutable file refuses chmod even to root, as a read-only mount or a foreign owner would.
        chattr("+i", exposed.privateKeyFile());
        try {
            var store = store();
            assertThatThrownBy(store::readLive).hasMessageContaining("refused")
                    .hasMessageContaining("group may access it (mode 0640)")
                    .hasMessageContaining("setting it back to 0600 failed");

            store.repairLive(checks);

            assertThat(store.liveId()).contains(older.id());
        } finally {
            chattr("-i", exposed.privateKeyFile());
        }
    }

    private static void chattr(String flag, Path file) throws Exception {
        Process process = new ProcessBuilder("chattr", flag, file.toString()).inheritIO().start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("chattr " + flag).isZero();
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
