package io.hotcert.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.Pem;
import io.hotcert.testing.TestCa;

class CertificateStoreTest {

    private static final Clock NOV_21 = Clock.fixed(Instant.parse("2026-11-21T21:33:00Z"), ZoneOffset.UTC);

    @TempDir
    Path storage;

    private CertificateStore store() {
        return new CertificateStore(storage, new AtomicFiles(), NOV_21);
    }

    @Test
    void nothingIsLiveBeforeTheFirstStore() throws IOException {
        var store = store();

        assertThat(store.readLive()).isEmpty();
        assertThat(store.readLiveChain()).isEmpty();
        assertThat(store.liveId()).isEmpty();
        assertThat(store.liveDir()).isEqualTo(storage.toAbsolutePath().resolve("live"));
    }

    @Test
    void readLiveGivesBackTheStoredKeyAndChain() throws IOException {
        CertificateSet set = TestCa.certificateSet("board.example");
        var store = store();

        store.store(set);
        CertificateSet live = store.readLive().orElseThrow();

        assertThat(live.privateKey().getEncoded()).isEqualTo(set.privateKey().getEncoded());
        assertThat(live.chain()).isEqualTo(set.chain());
        assertThat(store.readLiveChain()).contains(set.chain());
    }

    @Test
    void theLiveFilesFollowTheContract() throws IOException {
        CertificateSet set = TestCa.certificateSet("board.example");

        store().store(set);

        Path live = storage.resolve("live");
        assertThat(Pem.readCertificates(live.resolve("cert.pem"))).containsExactly(set.leaf());
        assertThat(Pem.readCertificates(live.resolve("chain.pem"))).isEqualTo(set.intermediates());
        assertThat(Pem.readCertificates(live.resolve("fullchain.pem"))).isEqualTo(set.chain());
        assertThat(Pem.readPrivateKey(live.resolve("privkey.pem")).getEncoded()).isEqualTo(set.privateKey().getEncoded());
        assertThat(mode(live.resolve("privkey.pem"))).isEqualTo("rw-------");
        assertThat(List.of(mode(live.resolve("cert.pem")), mode(live.resolve("chain.pem")), mode(live.resolve("fullchain.pem"))))
                .containsOnly("rw-r--r--");
        assertThat(mode(live.toRealPath())).isEqualTo("rwxr-xr-x");
    }

    @Test
    void thePrivateKeyIsNeverReadableByOthersNotEvenWhenJustCreated() throws IOException {
        List<String> keyModesAtCreation = new ArrayList<>();
        var files = new AtomicFiles(created -> {
            if (created.getFileName().toString().equals("privkey.pem")) {
                keyModesAtCreation.add(mode(created));
            }
        });

        new CertificateStore(storage, files, NOV_21).store(TestCa.certificateSet("board.example"));

        assertThat(keyModesAtCreation).containsExactly("rw-------");
    }

    @Test
    void liveIsARelativeLinkIntoTheArchiveSoTheStorageCanMove() throws IOException {
        CertificateSet set = TestCa.certificateSet("board.example");
        StoredSet stored = store().store(set);

        assertThat(Files.readSymbolicLink(storage.resolve("live"))).isEqualTo(Path.of("archive", stored.id()));
        assertThat(stored.directory()).isEqualTo(storage.toAbsolutePath().resolve("archive").resolve(stored.id()));
        assertThat(store().liveId()).contains(stored.id());

        Path moved = Files.move(storage, storage.resolveSibling(storage.getFileName() + "-moved"));
        try {
            var storeAtNewPlace = new CertificateStore(moved, new AtomicFiles(), NOV_21);
            assertThat(storeAtNewPlace.readLive().orElseThrow().chain()).isEqualTo(set.chain());
        } finally {
            Files.move(moved, storage); // let @TempDir clean up
        }
    }

    @Test
    void idsAreUniqueAndInStoringOrderWithinOneSecond() throws IOException {
        var store = store();

        String first = store.store(TestCa.certificateSet("one.example")).id();
        String second = store.store(TestCa.certificateSet("two.example")).id();

        assertThat(first).isEqualTo("20261121T213300Z-000");
        assertThat(second).isEqualTo("20261121T213300Z-001");
        assertThat(store.liveId()).contains(second);
    }

    @Test
    void idsStayInStoringOrderWhenTheClockIsBehindAsOnABoardWithoutRtc() throws IOException {
        String beforeReboot = store().store(TestCa.certificateSet("one.example")).id();
        var afterReboot = new CertificateStore(storage, new AtomicFiles(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

        String next = afterReboot.store(TestCa.certificateSet("two.example")).id();

        assertThat(next).isGreaterThan(beforeReboot);
        assertThat(afterReboot.liveId()).contains(next);
    }

    @Test
    void aFailurePartWayThroughLeavesThePreviousSetLiveAndNoDebris() throws IOException {
        CertificateSet previous = TestCa.certificateSet("old.example");
        String previousId = store().store(previous).id();
        var failing = new AtomicFiles(created -> {
            if (created.getFileName().toString().equals("chain.pem")) {
                throw new IOException("simulated write error");
            }
        });
        var store = new CertificateStore(storage, failing, NOV_21);

        assertThatThrownBy(() -> store.store(TestCa.certificateSet("new.example")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("simulated write error");

        assertThat(store.liveId()).contains(previousId);
        CertificateSet live = store.readLive().orElseThrow();
        assertThat(live.chain()).isEqualTo(previous.chain());
        assertThat(TestCa.belongTogether(live.privateKey(), live.leaf())).isTrue();
        assertThat(storage.resolve("archive").toFile().list()).containsExactly(previousId);
        assertThat(storage.toFile().list()).containsExactlyInAnyOrder("archive", "live");
    }

    @Test
    void pruningKeepsTheNewestFive() throws IOException {
        var store = store();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(store.store(TestCa.certificateSet("n" + i + ".example")).id());
        }

        assertThat(storage.resolve("archive").toFile().list()).containsExactlyInAnyOrderElementsOf(ids.subList(2, 7));
        assertThat(store.liveId()).contains(ids.get(6));
    }

    @Test
    void pruningNeverRemovesTheLiveSetEvenWhenItIsOld() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(store().store(TestCa.certificateSet("n" + i + ".example")).id());
        }
        pointLiveAt(ids.get(0)); // an operator rolled back

        new CertificateStore(storage, new AtomicFiles(), NOV_21, 2).prune();

        assertThat(storage.resolve("archive").toFile().list())
                .containsExactlyInAnyOrder(ids.get(0), ids.get(2), ids.get(3));
        assertThat(store().readLive()).isPresent();
    }

    @Test
    void leftoversOfAPowerCutAreCleanedButForeignFilesAreNot() throws IOException {
        String id = store().store(TestCa.certificateSet("one.example")).id();
        Path archive = storage.resolve("archive");
        Path halfArchived = Files.createDirectory(archive.resolve(".20261121T213301Z-000.tmp-k3x"));
        Files.writeString(halfArchived.resolve("privkey.pem"), "half");
        Files.createSymbolicLink(storage.resolve(".live.tmp-9zz"), Path.of("archive", id));
        Files.createDirectory(archive.resolve("kept-by-operator"));

        store().prune();

        assertThat(archive.toFile().list()).containsExactlyInAnyOrder(id, "kept-by-operator");
        assertThat(storage.toFile().list()).containsExactlyInAnyOrder("archive", "live");
    }

    @Test
    void aConcurrentReaderAlwaysGetsAKeyAndLeafThatBelongTogether() throws Exception {
        List<CertificateSet> sets = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            sets.add(TestCa.certificateSet("n" + i + ".example"));
        }
        var store = store();
        store.store(sets.get(0));
        var mismatches = new ConcurrentLinkedQueue<String>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = threads.submit(() -> {
                for (CertificateSet set : sets.subList(1, sets.size())) {
                    store.store(set);
                }
                return null;
            });
            Future<Integer> reader = threads.submit(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int reads = 0;
                while (!writer.isDone() && System.nanoTime() < deadline) {
                    CertificateSet live = store.readLive().orElseThrow();
                    if (!TestCa.belongTogether(live.privateKey(), live.leaf())) {
                        mismatches.add(live.toString());
                    }
                    reads++;
                }
                return reads;
            });

            writer.get(30, TimeUnit.SECONDS);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
        } finally {
            threads.shutdownNow();
        }
        assertThat(mismatches).isEmpty();
        assertThat(store.readLive().orElseThrow().chain()).isEqualTo(sets.get(20).chain());
    }

    @Test
    void aHandMadeLiveDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path live = Files.createDirectory(storage.resolve("live"));
        Files.writeString(live.resolve("privkey.pem"), "the operator's key");
        var store = store();

        assertThatThrownBy(() -> store.store(TestCa.certificateSet("board.example")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(live.toAbsolutePath() + " exists but is not a symbolic link")
                .hasMessageContaining("Move it aside");
        assertThatThrownBy(store::readLive).hasMessageContaining("not a symbolic link");

        assertThat(live.resolve("privkey.pem")).hasContent("the operator's key");
        assertThat(storage.resolve("archive")).doesNotExist();
    }

    @Test
    void aCorruptLiveSetIsReportedWithTheFileName() throws IOException {
        var store = store();
        Path directory = store.store(TestCa.certificateSet("board.example")).directory();
        Files.writeString(directory.resolve("fullchain.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(store::readLive)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(directory.resolve("fullchain.pem").toString());
    }

    @Test
    void anUnreadableKeyIsReportedWithTheFileNameAndTheChainCanStillBeRead() throws IOException {
        var store = store();
        CertificateSet set = TestCa.certificateSet("board.example");
        Path directory = store.store(set).directory();
        Files.delete(directory.resolve("privkey.pem"));

        assertThatThrownBy(store::readLive)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(directory.resolve("privkey.pem").toString());
        assertThat(store.readLiveChain()).contains(set.chain());
    }

    @Test
    void aLiveLinkToAMissingSetIsReportedNotTakenForNoSet() throws IOException {
        Files.createSymbolicLink(storage.resolve("live"), Path.of("archive", "20261121T213300Z-000"));

        assertThatThrownBy(store()::readLive)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("which does not exist");
    }

    private void pointLiveAt(String id) throws IOException {
        Path link = storage.resolve(".live.tmp-test");
        Files.createSymbolicLink(link, Path.of("archive", id));
        Files.move(link, storage.resolve("live"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
