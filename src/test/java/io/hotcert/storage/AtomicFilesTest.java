package io.hotcert.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static final Set<PosixFilePermission> RW_OWNER = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> RW_R_R = PosixFilePermissions.fromString("rw-r--r--");

    @TempDir
    Path dir;

    @Test
    void writeCreatesTheFileWithItsContentAndExactlyTheRequestedPermissions() throws IOException {
        Path key = dir.resolve("privkey.pem");
        Path cert = dir.resolve("cert.pem");

        new AtomicFiles().write(key, bytes("secret"), RW_OWNER);
        new AtomicFiles().write(cert, bytes("public"), RW_R_R);

        assertThat(key).hasContent("secret");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(RW_OWNER);
        assertThat(Files.getPosixFilePermissions(cert)).isEqualTo(RW_R_R);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("privkey.pem", "cert.pem");
    }

    @Test
    void writeReplacesAnExistingFileWholly() throws IOException {
        Path file = dir.resolve("account.properties");
        Files.writeString(file, "a much longer old content than the new one");

        new AtomicFiles().write(file, bytes("new"), RW_OWNER);

        assertThat(file).hasContent("new");
        assertThat(dir.toFile().list()).containsExactly("account.properties");
    }

    @Test
    void theTempFileHasTheNarrowPermissionsFromTheMomentItExists() throws IOException {
        List<String> seen = new ArrayList<>();
        var files = new AtomicFiles(created -> {
            seen.add(created.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
            assertThat(Files.size(created)).as("nothing written yet").isZero();
        });

        files.write(dir.resolve("privkey.pem"), bytes("secret"), RW_OWNER);

        assertThat(seen).singleElement().asString().matches("\\.privkey\\.pem\\.tmp-[0-9a-z]+ rw-------");
    }

    @Test
    void aFailureAfterCreationDeletesTheTempFileKeepsTheOldFileAndNamesTheTarget() throws IOException {
        Path target = dir.resolve("privkey.pem");
        Files.writeString(target, "old");
        var files = new AtomicFiles(created -> {
            throw new IOException("disk full");
        });

        assertThatThrownBy(() -> files.write(target, bytes("new"), RW_OWNER))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("disk full");

        assertThat(target).hasContent("old");
        assertThat(dir.toFile().list()).containsExactly("privkey.pem");
    }

    @Test
    void aFailureNamesTheFileAndTheStep() {
        Path target = dir.resolve("missing-dir").resolve("cert.pem");

        assertThatThrownBy(() -> new AtomicFiles().write(target, bytes("x"), RW_R_R))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(target + ": create .cert.pem.tmp-");
    }

    @Test
    void createFileRefusesToTouchAnExistingFile() throws IOException {
        Path existing = dir.resolve("cert.pem");
        Files.writeString(existing, "someone else's");

        assertThatThrownBy(() -> new AtomicFiles().createFile(existing, bytes("x"), RW_R_R))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(existing.toString());

        assertThat(existing).hasContent("someone else's");
    }

    @Test
    void createDirectoriesGivesTheRequestedModeToTheDirectoryAndTheUsualOneToParents() throws IOException {
        Path account = dir.resolve("storage").resolve("account");

        new AtomicFiles().createDirectories(account, PosixFilePermissions.fromString("rwx------"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(account))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(account.getParent())))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void createDirectoriesLeavesAnExistingDirectoryAsTheOperatorSetItUp() throws IOException {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwxr-x---"));

        new AtomicFiles().createDirectories(storage, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rwxr-x---");
    }

    @Test
    void deleteStaleTempsRemovesOnlyTemporaryEntriesAndNeverFollowsLinks() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.pem"), "keep me");
        Path area = Files.createDirectory(dir.resolve("area"));
        Path staleDir = Files.createDirectory(area.resolve(".20261121T213300Z-000.tmp-abc"));
        Files.writeString(staleDir.resolve("privkey.pem"), "half written");
        Files.writeString(area.resolve(".privkey.pem.tmp-def"), "half written");
        Files.createSymbolicLink(area.resolve(".live.tmp-ghi"), outside);
        Files.writeString(area.resolve("notes.txt"), "an operator's file");
        Files.createDirectory(area.resolve(".hidden"));

        new AtomicFiles().deleteStaleTemps(area);

        assertThat(area.toFile().list()).containsExactlyInAnyOrder("notes.txt", ".hidden");
        assertThat(outside).hasContent("keep me");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
