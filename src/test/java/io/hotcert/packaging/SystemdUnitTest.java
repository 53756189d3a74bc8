package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The units in systemd/: systemd's own checks ({@code systemd-analyze security} and
 * {@code verify}) and the settings the daemon depends on.
 */
class SystemdUnitTest {

    private static final Path UNITS = Commands.CHECKOUT.resolve("systemd");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"hotcert.service", "hotcert-renew.service"})
    void sandboxExposureIsAtMostTwo(String unit) throws Exception {
        var result = Commands.run("systemd-analyze", "security", "--offline=true", "--no-pager",
                UNITS.resolve(unit).toString());

        Matcher exposure = EXPOSURE.matcher(result.output());
        assertThat(exposure.find()).as(result.output()).isTrue();
        assertThat(Double.parseDouble(exposure.group(1))).as(result.output()).isLessThanOrEqualTo(2.0);
    }

    /**
     * verify also checks that every command exists, so it runs against a root of its own with the
     * launcher and kill in place, the units beside this system's (for the targets they name).
     */
    @Test
    void systemdAnalyzeVerifyIsClean(@TempDir Path root) throws Exception {
        Path unitDir = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        copyAll(Path.of("/usr/lib/systemd/system"), unitDir);
        copyAll(UNITS, unitDir);
        Files.createDirectories(root.resolve("usr/bin"));
        Files.copy(Commands.CHECKOUT.resolve("scripts/hotcert"), root.resolve("usr/bin/hotcert"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/kill"), root.resolve("bin/kill"));

        var result = Commands.run("systemd-analyze", "verify", "--root=" + root,
                "/usr/lib/systemd/system/hotcert.service", "/usr/lib/systemd/system/hotcert-renew.service",
                "/usr/lib/systemd/system/hotcert-renew.timer");

        assertThat(result.output()).isEmpty();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void daemonUnitHasTheSettingsTheDaemonRelyOn() throws IOException {
        List<String> unit = Files.readAllLines(UNITS.resolve("hotcert.service"));

        assertThat(unit).contains(
                "Type=notify", "NotifyAccess=all", "ExecStart=/usr/bin/hotcert run",
                "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "RestartPreventExitStatus=78",
                "User=hotcert", "Group=hotcert", "StateDirectory=hotcert", "RuntimeDirectory=hotcert",
                "ConfigurationDirectory=hotcert", "UMask=0077",
                "AmbientCapabilities=CAP_NET_BIND_SERVICE", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
                "After=network-online.target time-sync.target", "Wants=network-online.target time-sync.target");
        // The JIT needs writable executable memory; ProcSubset=pid makes the JDK believe IPv6 is missing.
        assertThat(unit).noneMatch(line -> line.startsWith("MemoryDenyWriteExecute=") || line.startsWith("ProcSubset="));
    }

    /** systemd removes a unit's RuntimeDirectory when it stops: the one-shot must not take the daemon's socket with it. */
    @Test
    void renewUnitLeavesTheDaemonsRuntimeDirectoryAlone() throws IOException {
        assertThat(Files.readAllLines(UNITS.resolve("hotcert-renew.service")))
                .noneMatch(line -> line.startsWith("RuntimeDirectory="))
                .contains("User=hotcert", "StateDirectory=hotcert", "ExecStart=/usr/bin/hotcert renew");
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            // Regular files only: the targets the units name are, and aliases or masks are not needed.
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.copy(file, to.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
