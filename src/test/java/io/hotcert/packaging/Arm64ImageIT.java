package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image for an arm64 board, made on this x86-64 machine with {@code DESTDIR=... scripts/install}:
 * the runtime in it is for arm64 or there is none, the launcher never starts a runtime it cannot
 * execute, and at first boot systemd-sysusers and systemd-tmpfiles (run here with {@code --root})
 * give the daemon its configuration and state.
 */
class Arm64ImageIT {

    /** Where scripts/test unpacks Debian's arm64 JDK (scripts/target-jdk): its jmods are what jlink links. */
    private static final Path ARM64_JDK = Path.of(System.getProperty("user.home"),
            ".cache/hotcert/target-jdk-arm64/usr/lib/jvm/java-17-openjdk-arm64");
    private static final int ELF_X86_64 = 0x3e;
    private static final int ELF_AARCH64 = 0xb7;
    private static final String CONFIG = "etc/hotcert/hotcert.properties";

    @TempDir
    Path image;

    @Test
    void anArm64ImageBuiltHereHasAnArm64RuntimeAndNoX86OneAndTheLauncherPassesItBy() throws Exception {
        assertThat(ARM64_JDK.resolve("jmods/java.base.jmod"))
                .as("an arm64 JDK; scripts/test unpacks it: scripts/target-jdk arm64 ~/.cache/hotcert/target-jdk-arm64")
                .exists();

        var install = Commands.run(Map.of("DESTDIR", image.toString(), "HOTCERT_TARGET_JDK", ARM64_JDK.toString()),
                "scripts/install");

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.output()).contains("built " + image.resolve("usr/lib/hotcert/runtime") + ": Java 17");
        assertThat(elfMachine(image.resolve("usr/lib/hotcert/runtime/bin/java"))).hasValue(ELF_AARCH64);
        assertThat(elfFilesFor(ELF_X86_64)).isEmpty();

        var help = launcher("--help");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: hotcert", "is built for aarch64", "using the system's java");
    }

    @Test
    void withoutAJdkForTheTargetTheImageHasNoRuntimeAndTheInstallSaysWhy() throws Exception {
        var hostBuilt = Commands.run(Map.of("DESTDIR", image.toString()), "scripts/install");
        assertThat(hostBuilt.exitCode()).as(hostBuilt.output()).isZero();

        var forArm64 = Commands.run(Map.of("DESTDIR", image.toString(), "HOTCERT_TARGET_ARCH", "arm64"), "scripts/install");

        assertThat(forArm64.exitCode()).as(forArm64.output()).isZero();
        assertThat(forArm64.output()).contains("no runtime built", "the target is aarch64", "HOTCERT_TARGET_JDK");
        assertThat(image.resolve("usr/lib/hotcert/runtime")).doesNotExist();
        assertThat(elfFilesFor(ELF_X86_64)).isEmpty();
        assertThat(launcher("--help").exitCode()).isZero();
    }

    @Test
    void atFirstBootTheConfigurationIsReadableByTheDaemonsGroupAndTheStateIsItsOwn() throws Exception {
        var install = Commands.run(Map.of("DESTDIR", image.toString(), "HOTCERT_RUNTIME", "system"), "scripts/install");
        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(Files.getAttribute(image.resolve(CONFIG), "unix:gid")).isEqualTo(0);

        var sysusers = Commands.run("systemd-sysusers", "--root=" + image);
        var tmpfiles = Commands.run("systemd-tmpfiles", "--root=" + image, "--create");

        assertThat(sysusers.exitCode()).as(sysusers.output()).isZero();
        assertThat(tmpfiles.exitCode()).as(tmpfiles.output()).isZero();
        int hotcert = idOf(image.resolve("etc/group"));
        assertThat(hotcert).isPositive();
        assertThat(Files.getAttribute(image.resolve(CONFIG), "unix:gid")).isEqualTo(hotcert);
        assertThat(Files.getAttribute(image.resolve(CONFIG), "unix:uid")).isEqualTo(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image.resolve(CONFIG)))).isEqualTo("rw-r-----");
        Path state = image.resolve("var/lib/hotcert");
        assertThat(Files.getAttribute(state, "unix:uid")).isEqualTo(idOf(image.resolve("etc/passwd")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    }

    private Commands.Result launcher(String... arguments) throws Exception {
        var command = Stream.concat(Stream.of(image.resolve("usr/bin/hotcert").toString()), Stream.of(arguments));
        return Commands.run(Map.of("HOTCERT_HOME", image.resolve("usr/share/hotcert").toString(), "HOTCERT_CDS_DIR", "off"),
                command.toArray(String[]::new));
    }

    /** The image's ELF files built for {@code machine}. */
    private List<Path> elfFilesFor(int machine) throws IOException {
        try (Stream<Path> files = Files.walk(image)) {
            return files.filter(Files::isRegularFile).filter(f -> elfMachine(f).equals(Optional.of(machine))).toList();
        }
    }

    /** The e_machine field of an ELF file's header, or empty for any other file. */
    private static Optional<Integer> elfMachine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(20);
            boolean elf = header.length == 20 && header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F';
            return elf ? Optional.of((header[18] & 0xff) | (header[19] & 0xff) << 8) : Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The hotcert entry's number (uid or gid) in a passwd or group file. */
    private static int idOf(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith("hotcert:"))
                .map(line -> Integer.parseInt(line.split(":")[2])).findFirst()
                .orElseThrow(() -> new AssertionError("no hotcert in " + file));
    }
}
