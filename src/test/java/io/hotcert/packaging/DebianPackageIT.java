package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb that {@code mvn package} builds: what Debian's lintian says of it, the same files as
 * scripts/install, and its maintainer scripts run for real by dpkg in a throwaway root
 * ({@code dpkg --root} with {@code --force-script-chrootless}; the scripts act on {@code $DPKG_ROOT}
 * only, so the machine running the test keeps its users and its systemd untouched).
 * scripts/deb-check installs it with apt in a clean Debian chroot (root and network, so not here).
 */
class DebianPackageIT {

    private static final String CONFIG = "/etc/hotcert/hotcert.properties";
    /** What the package holds for Debian's tools and policy only; scripts/install leaves them out. */
    private static final List<String> DEBIAN_RECORDS = List.of("/usr/share/doc/hotcert/", "/usr/share/lintian/");
    /**
     * The lintian warnings the package may have, each for a reason:
     * initial-upload-closes-no-bugs: the first changelog entry of a package uploaded to Debian closes
     * its "intent to package" bug; hotcert is distributed as a built .deb, not through Debian's archive.
     */
    private static final Set<String> ALLOWED_WARNINGS = Set.of("initial-upload-closes-no-bugs");

    @TempDir
    Path work;

    @Test
    void lintianFindsNoErrorAndOnlyTheAllowedWarnings() throws Exception {
        Commands.Result lintian;
        try {
            lintian = Commands.run("lintian", "--show-overrides", "--tag-display-limit", "0", deb().toString());
        } catch (IOException e) {
            throw new AssertionError("lintian is needed to check the package: apt-get install lintian", e);
        }
        List<String> tags = lintian.output().lines().filter(line -> line.matches("[EWIPXO]: hotcert.*")).toList();

        assertThat(lintian.exitCode()).as(lintian.output()).isZero();
        assertThat(tags).as(lintian.output()).noneMatch(tag -> tag.startsWith("E: "));
        assertThat(tags.stream().filter(tag -> tag.startsWith("W: ")).map(tag -> tag.split("\\s+")[2]))
                .as(lintian.output()).isSubsetOf(ALLOWED_WARNINGS);
        // Deliberate (packaging/doc/lintian-overrides says why), and lintian read the override.
        assertThat(tags).contains("O: hotcert: non-standard-file-perm 0640 != 0644 [etc/hotcert/hotcert.properties]");
    }

    @Test
    void packageHoldsTheSameFilesAsTheInstallScriptInstalls() throws Exception {
        var listing = Commands.run("dpkg-deb", "-c", deb().toString());
        Path root = Files.createDirectories(work.resolve("root"));
        // The package runs on the distribution's Java, which it depends on.
        var install = Commands.run(Map.of("DESTDIR", root.toString(), "HOTCERT_RUNTIME", "system"), "scripts/install");
        assertThat(listing.exitCode()).as(listing.output()).isZero();
        assertThat(install.exitCode()).as(install.output()).isZero();

        Map<String, String> packaged = regularFiles(listing.output());

        assertThat(packaged).containsEntry("/usr/share/hotcert/hotcert.jar", "rw-r--r--")
                .containsEntry("/usr/bin/hotcert", "rwxr-xr-x")
                .containsEntry("/usr/share/man/man1/hotcert.1.gz", "rw-r--r--")
                .containsEntry("/usr/share/man/man1/hotcert-run.1.gz", "rw-r--r--")
                .containsEntry("/usr/share/man/man1/hotcert-renew.1.gz", "rw-r--r--")
                .containsEntry("/usr/share/man/man1/hotcert-status.1.gz", "rw-r--r--")
                .containsEntry("/usr/share/man/man1/hotcert-check-config.1.gz", "rw-r--r--")
                .containsEntry("/usr/share/doc/hotcert/changelog.Debian.gz", "rw-r--r--")
                .containsEntry("/usr/share/doc/hotcert/copyright", "rw-r--r--")
                .containsEntry(CONFIG, "rw-r-----")
                .containsEntry("/usr/lib/systemd/system/hotcert.service", "rw-r--r--")
                .containsEntry("/usr/lib/sysusers.d/hotcert.conf", "rw-r--r--")
                .containsEntry("/usr/lib/tmpfiles.d/hotcert.conf", "rw-r--r--");
        packaged.keySet().removeIf(path -> DEBIAN_RECORDS.stream().anyMatch(path::startsWith));
        assertThat(packaged).isEqualTo(InstalledTree.filePermissions(root));
    }

    @Test
    void dependsOnJava17AndKeepsTheConfigurationAsAConffile() throws Exception {
        var depends = Commands.run("dpkg-deb", "-f", deb().toString(), "Depends");
        var conffiles = Commands.run("dpkg-deb", "-I", deb().toString(), "conffiles");

        assertThat(depends.output()).contains("java17-runtime-headless");
        assertThat(conffiles.output().strip()).isEqualTo(CONFIG);
    }

    @Test
    void installsUpgradesRemovesAndPurgesInAThrowawayRoot() throws Exception {
        Path root = dpkgRoot();

        var install = dpkg(root, "--install", deb().toString());

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.output()).contains("hotcert check-config");
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertThat(passwd).containsPattern("(?m)^hotcert:x:\\d+:\\d+:.*:/var/lib/hotcert:");
        assertThat(Files.getAttribute(root.resolve(CONFIG.substring(1)), "unix:gid")).isEqualTo(gidOfHotcert(root));
        assertThat(Files.getAttribute(root.resolve("var/lib/hotcert"), "unix:gid")).isEqualTo(gidOfHotcert(root));
        // Nothing enabled or started before the operator has configured it.
        assertThat(root.resolve("etc/systemd")).doesNotExist();

        Files.writeString(root.resolve(CONFIG.substring(1)), "domains=mine.example.com\n");
        var upgrade = dpkg(root, "--install", deb().toString());

        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(root.resolve(CONFIG.substring(1))).hasContent("domains=mine.example.com");

        Path key = Files.createDirectories(root.resolve("var/lib/hotcert/live")).resolve("privkey.pem");
        Files.writeString(key, "a key");
        var remove = dpkg(root, "--remove", "hotcert");

        assertThat(remove.exitCode()).as(remove.output()).isZero();
        assertThat(root.resolve("usr/share/hotcert")).doesNotExist();
        assertThat(root.resolve("usr/bin/hotcert")).doesNotExist();
        assertThat(root.resolve(CONFIG.substring(1))).exists();
        assertThat(key).hasContent("a key");

        var purge = dpkg(root, "--purge", "hotcert");

        assertThat(purge.exitCode()).as(purge.output()).isZero();
        assertThat(root.resolve("etc/hotcert")).doesNotExist();
        assertThat(root.resolve("var/lib/hotcert")).doesNotExist();
    }

    @Test
    void upgradeFromThePackageThatInstalledIntoOptRemovesItsFiles() throws Exception {
        Path root = dpkgRoot();
        var old = dpkg(root, "--install", oldLayoutPackage().toString());
        assertThat(old.exitCode()).as(old.output()).isZero();
        assertThat(root.resolve("opt/hotcert/hotcert.jar")).exists();

        var upgrade = dpkg(root, "--install", deb().toString());

        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(root.resolve("opt/hotcert")).doesNotExist();
        assertThat(root.resolve("usr/share/hotcert/hotcert.jar")).exists();
    }

    /** A package as earlier builds made it, reduced to its files in /opt/hotcert. */
    private Path oldLayoutPackage() throws Exception {
        Path tree = work.resolve("old-package");
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), """
                Package: hotcert
                Version: 0.0.9
                Architecture: all
                Maintainer: hotcert maintainers <hotcert@localhost>
                Description: hotcert as installed into /opt
                """);
        Path home = Files.createDirectories(tree.resolve("opt/hotcert"));
        Files.writeString(home.resolve("hotcert.jar"), "the previous version");
        Files.writeString(home.resolve("logback.xml"), "<configuration/>");
        Path deb = work.resolve("hotcert_0.0.9_all.deb");
        var build = Commands.run("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString());
        assertThat(build.exitCode()).as(build.output()).isZero();
        return deb;
    }

    /** The newest package in target/: its name carries the project's version. */
    private static Path deb() throws IOException {
        try (Stream<Path> files = Files.list(Commands.CHECKOUT.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("hotcert_.*_all\\.deb"))
                    .max(Comparator.comparing(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no target/hotcert_*_all.deb: mvn package builds it, but not with -Dman.skip=true"));
        }
    }

    /** Permissions of the regular files in a {@code dpkg-deb -c} listing, by installed path. */
    private static Map<String, String> regularFiles(String listing) {
        var files = new TreeMap<String, String>();
        for (String line : listing.lines().toList()) {
            List<String> fields = List.of(line.trim().split("\\s+"));
            if (line.startsWith("-")) {
                files.put(fields.get(5).substring(1), fields.get(0).substring(1));
            }
        }
        return files;
    }

    private Path dpkgRoot() throws IOException {
        Path root = work.resolve("dpkg-root");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createDirectories(root.resolve("etc"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        return root;
    }

    /** Java is not in the throwaway root, hence --force-depends. */
    private static Commands.Result dpkg(Path root, String... arguments) throws Exception {
        var command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--force-depends", "--log=" + root.resolve("dpkg.log")));
        command.addAll(List.of(arguments));
        return Commands.run(command.toArray(String[]::new));
    }

    private static int gidOfHotcert(Path root) throws IOException {
        return Files.readAllLines(root.resolve("etc/group")).stream().filter(line -> line.startsWith("hotcert:"))
                .map(line -> Integer.parseInt(line.split(":")[2])).findFirst()
                .orElseThrow(() -> new AssertionError("no group hotcert in " + root.resolve("etc/group")));
    }
}
