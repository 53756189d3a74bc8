package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.PebbleExtension;

/**
 * The runtime scripts/install builds carries a frozen copy of the JDK's cacerts; hotcert trusts the
 * system's store as it is on disk instead. Here the "system store" is a file replaced between two
 * renewals (as ca-certificates replaces its bundle), and the second renewal, on the same runtime,
 * trusts what the new file holds. No acme.trust-store is configured.
 */
class SystemTrustStoreIT {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    @TempDir
    Path work;

    @Test
    void theInstalledRuntimeTrustsAReplacedSystemStoreWithoutBeingRebuilt() throws Exception {
        Path root = work.resolve("root");
        var install = Commands.run(Map.of("DESTDIR", root.toString()), "scripts/install");
        assertThat(install.exitCode()).as(install.output()).isZero();
        Path runtime = root.resolve("usr/lib/hotcert/runtime");
        var runtimeAsBuilt = InstalledTree.of(runtime);
        Path systemStore = work.resolve("ca-certificates.crt");
        // A CA, but not the one behind Pebble's HTTPS: the root its certificates chain up to.
        replace(systemStore, Files.readString(CA.pebble().root()));
        Path config = Files.writeString(work.resolve("hotcert.properties"),
                CA.pebble().configFor("trust1.example.test", work.resolve("storage"))
                        .replaceAll("(?m)^acme\\.trust-store=.*\\n", "") + "https.port=0\n");

        var untrusted = renew(root, config, systemStore);

        assertThat(untrusted.exitCode()).as(untrusted.output()).isNotZero();
        assertThat(untrusted.output()).contains("certificate").doesNotContain("renewed");

        replace(systemStore, Files.readString(CA.pebble().trustStore()));
        var trusted = renew(root, config, systemStore);

        assertThat(trusted.exitCode()).as(trusted.output()).isZero();
        assertThat(trusted.output()).contains("renewed");
        assertThat(InstalledTree.of(runtime)).isEqualTo(runtimeAsBuilt);
    }

    /**
     * A forced renewal (a failed one would hold the next back) by the installed launcher on the
     * installed runtime, with the system store pointed at {@code systemStore}.
     */
    private static Commands.Result renew(Path root, Path config, Path systemStore) throws Exception {
        return Commands.run(Map.of("HOTCERT_HOME", root.resolve("usr/share/hotcert").toString(), "HOTCERT_CDS_DIR", "off",
                        "JAVA_TOOL_OPTIONS", "-Dhotcert.system-trust-store=" + systemStore),
                root.resolve("usr/bin/hotcert").toString(), "--config", config.toString(), "renew", "--force");
    }

    private static void replace(Path file, String content) throws Exception {
        Path fresh = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
