package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install and scripts/uninstall with DESTDIR in a temporary root (never the real system),
 * from what {@code mvn package} left in target/.
 */
class InstallScriptIT {

    private static final Path TARGET = Commands.CHECKOUT.resolve("target");
    private static final String CONFIG = "/etc/hotcert/hotcert.properties";

    @TempDir
    Path root;

    @Test
    void installsTheLayoutAndASecondRunChangesNothing() throws Exception {
        var first = installWithOwnRuntime();

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("Next steps", "hotcert check-config", "systemctl enable --now hotcert");
        assertThat(installed("/usr/share/hotcert/hotcert.jar")).hasSameBinaryContentAs(TARGET.resolve("hotcert.jar"));
        assertThat(installed("/usr/share/hotcert/logback.xml"))
                .hasSameTextualContentAs(Commands.CHECKOUT.resolve("config/logback.xml"));
        assertThat(installed(CONFIG)).hasSameTextualContentAs(Commands.CHECKOUT.resolve("config/hotcert.properties"));
        assertThat(installed("/usr/lib/systemd/system/hotcert.service"))
                .hasSameTextualContentAs(Commands.CHECKOUT.resolve("systemd/hotcert.service"));
        assertThat(InstalledTree.filePermissions(root)).containsEntry("/usr/bin/hotcert", "rwxr-xr-x")
                .containsEntry(CONFIG, "rw-r-----")
                .containsEntry("/usr/share/hotcert/hotcert.jar", "rw-r--r--")
                .containsEntry("/usr/lib/systemd/system/hotcert-renew.service", "rw-r--r--")
                .containsEntry("/usr/lib/systemd/system/hotcert-renew.timer", "rw-r--r--")
                .containsEntry("/usr/lib/sysusers.d/hotcert.conf", "rw-r--r--")
                .containsEntry("/usr/lib/tmpfiles.d/hotcert.conf", "rw-r--r--")
                .containsEntry("/usr/share/man/man1/hotcert.1.gz", "rw-r--r--")
                .containsEntry("/usr/share/man/man1/hotcert-check-config.1.gz", "rw-r--r--")
                .containsEntry("/usr/lib/hotcert/runtime/bin/java", "rwxr-xr-x");
        assertThat(first.output()).contains("built " + installed("/usr/lib/hotcert/runtime"));

        Map<String, InstalledTree.Entry> before = InstalledTree.of(root);
        var second = installWithOwnRuntime();

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("nothing changed").doesNotContain("installed /", "removed ", "built ");
        assertThat(InstalledTree.of(root)).isEqualTo(before);

        var systemJava = install();

        assertThat(systemJava.output()).contains("removed " + installed("/usr/lib/hotcert/runtime"));
        assertThat(installed("/usr/lib/hotcert/runtime")).doesNotExist();
    }

    @Test
    void installedLauncherRunsTheInstalledJarOnTheExampleConfiguration() throws Exception {
        install();

        var check = Commands.run(Map.of("HOTCERT_HOME", root.resolve("usr/share/hotcert").toString()),
                installed("/usr/bin/hotcert").toString(), "--config", installed(CONFIG).toString(), "check-config");

        // The example agrees to no terms of service, and no account is registered: not ready yet, and said so.
        assertThat(check.exitCode()).as(check.output()).isEqualTo(78);
        assertThat(check.output()).contains("acme.terms-agreed: not true");
    }

    @Test
    void keepsTheOperatorsConfiguration() throws Exception {
        Path config = Files.createDirectories(root.resolve("etc/hotcert")).resolve("hotcert.properties");
        Files.writeString(config, "domains=mine.example.com\n");

        var result = install();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(config).hasContent("domains=mine.example.com");
        assertThat(result.output()).contains("kept " + config);
    }

    @Test
    void upgradeReplacesTheJarAndRemovesTheLayoutEarlierInstallsPutInOpt() throws Exception {
        install();
        Path oldHome = Files.createDirectories(installed("/opt/hotcert"));
        Files.writeString(Files.createDirectories(oldHome.resolve("lib")).resolve("retired-1.0.jar"), "old");
        Files.writeString(oldHome.resolve("hotcert.jar"), "the previous version");
        Files.createDirectories(oldHome.resolve("runtime/bin"));
        Files.writeString(installed("/usr/share/hotcert/hotcert.jar"), "the previous version");

        var upgrade = install();

        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(oldHome).doesNotExist();
        assertThat(installed("/usr/share/hotcert/hotcert.jar")).hasSameBinaryContentAs(TARGET.resolve("hotcert.jar"));
        assertThat(upgrade.output()).contains("removed " + oldHome, "installed " + installed("/usr/share/hotcert/hotcert.jar"));
    }

    @Test
    void uninstallKeepsConfigurationKeysAndCertificatesUnlessPurging() throws Exception {
        install();
        Path key = Files.createDirectories(root.resolve("var/lib/hotcert/live")).resolve("privkey.pem");
        Files.writeString(key, "a key");

        var uninstall = Commands.run(Map.of("DESTDIR", root.toString()), "scripts/uninstall");

        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(installed("/usr/share/hotcert")).doesNotExist();
        assertThat(installed("/usr/lib/hotcert")).doesNotExist();
        assertThat(installed("/usr/share/man/man1/hotcert.1.gz")).doesNotExist();
        assertThat(installed("/usr/bin/hotcert")).doesNotExist();
        assertThat(installed("/usr/lib/systemd/system/hotcert.service")).doesNotExist();
        assertThat(installed("/usr/lib/sysusers.d/hotcert.conf")).doesNotExist();
        assertThat(installed("/usr/lib/tmpfiles.d/hotcert.conf")).doesNotExist();
        assertThat(installed(CONFIG)).exists();
        assertThat(key).hasContent("a key");

        var purge = Commands.run(Map.of("DESTDIR", root.toString()), "scripts/uninstall", "--purge");

        assertThat(purge.exitCode()).as(purge.output()).isZero();
        assertThat(installed("/etc/hotcert")).doesNotExist();
        assertThat(installed("/var/lib/hotcert")).doesNotExist();
    }

    /** Installs for the system's Java: building the runtime takes seconds, and only the first test is about it. */
    private Commands.Result install() throws Exception {
        return Commands.run(Map.of("DESTDIR", root.toString(), "HOTCERT_RUNTIME", "system"), "scripts/install");
    }

    private Commands.Result installWithOwnRuntime() throws Exception {
        return Commands.run(Map.of("DESTDIR", root.toString()), "scripts/install");
    }

    private Path installed(String absolutePath) {
        return root.resolve(absolutePath.substring(1));
    }
}
