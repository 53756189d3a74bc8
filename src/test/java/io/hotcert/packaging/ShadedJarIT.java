package io.hotcert.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.TestTls;

/**
 * The jar as it ships, started by the launcher as on a board, against Pebble: the tests before
 * packaging run on Maven's class path, so only here do the merged service files, the libraries
 * without their signatures, the Java runtime scripts/runtime builds beside the jar and the
 * launcher's class data sharing archive meet a real renewal.
 */
class ShadedJarIT {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final Path LAUNCHER = Commands.CHECKOUT.resolve("scripts/hotcert");
    private static final Path RUNTIME = Commands.CHECKOUT.resolve("target/runtime");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @BeforeAll
    static void buildTheRuntimeBesideTheJar() throws Exception {
        var build = Commands.run("scripts/runtime", "target/hotcert.jar", RUNTIME.toString());
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(RUNTIME.resolve("bin/java")).isExecutable();
    }

    @Test
    void theRuntimeHasTheModulesHotcertNeedsAndTheJdkClassesWithoutDebugAttributes() throws Exception {
        String modules = Files.readAllLines(RUNTIME.resolve("release")).stream()
                .filter(line -> line.startsWith("MODULES=")).findFirst().orElseThrow();
        assertThat(modules).contains("java.net.http", "java.sql", "jdk.crypto.ec", "jdk.unsupported")
                .doesNotContain("jdk.compiler", "jdk.crypto.cryptoki");

        assertThat(new String(jdkClass(Path.of(System.getProperty("java.home"))), StandardCharsets.ISO_8859_1))
                .as("the JDK the runtime is built from").contains("LocalVariableTable", "LineNumberTable");
        assertThat(new String(jdkClass(RUNTIME), StandardCharsets.ISO_8859_1))
                .doesNotContain("LocalVariableTable", "LineNumberTable");
    }

    @Test
    void theShippedClassesKeepTheirLineNumbersButNotTheirLocalVariableTables() throws Exception {
        try (var jar = new ZipFile(Commands.CHECKOUT.resolve("target/hotcert.jar").toFile())) {
            for (String name : List.of("io/hotcert/daemon/Daemon.class", "io/undertow/server/HttpServerExchange.class")) {
                String classFile = new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(),
                        StandardCharsets.ISO_8859_1);
                assertThat(classFile).as(name).contains("LineNumberTable").doesNotContain("LocalVariableTable");
            }
        }
    }

    /** java.util.HashMap's class file as the runtime in {@code javaHome} holds it. */
    private static byte[] jdkClass(Path javaHome) throws IOException {
        try (FileSystem image = FileSystems.newFileSystem(URI.create("jrt:/"),
                Map.of("java.home", javaHome.toString()))) {
            return Files.readAllBytes(image.getPath("modules/java.base/java/util/HashMap.class"));
        }
    }

    @Test
    void renewsWithEcAndRsaKeysFromTheShippedJar() throws Exception {
        for (String keyType : List.of("ec-p256", "rsa-2048")) {
            Path config = config(keyType, "https.port=0");

            var renew = hotcert(config, "renew");

            assertThat(renew.exitCode()).as(renew.output()).isZero();
            assertThat(renew.output()).contains("renewed (no certificate yet)");
        }
    }

    /** Logback finds an operator's appenders, encoders and converters by name, which the jar minimizer cannot see. */
    @Test
    void logsThroughTheShippedLogbackFile() throws Exception {
        Path config = config("ec-p256", "https.port=0");

        var renew = hotcert(launcherEnvironment(Commands.CHECKOUT.resolve("config/logback.xml")), config, "renew");

        assertThat(renew.exitCode()).as(renew.output()).isZero();
        assertThat(renew.output()).contains("<6>INFO  RenewalService: board1.example.test: renewing");
    }

    @Test
    void theDaemonServesHttpsAndTheThirdStartBuildsTheArchiveTheSecondRecorded() throws Exception {
        int httpsPort = FreePort.pick();
        Path www = Files.createDirectories(work.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello");
        Path config = config("ec-p256", "https.address=127.0.0.1", "https.port=" + httpsPort,
                "https.static-dir=" + www);
        assertThat(hotcert(config, "renew").exitCode()).isZero();
        BigInteger stored = storedSerial();

        // The first start after an install usually issues: what it loads is not what later starts do.
        assertThat(runServingThenStop(config, httpsPort, stored).mappings()).noneMatch(ShadedJarIT::ourArchive);
        // It also asked the JVM, once, whether it can trim the native heap: this runtime (17.0.21) can.
        assertThat(cdsFiles()).extracting(file -> file.getFileName().toString().replaceFirst("^hotcert-[0-9-]*", ""))
                .containsExactlyInAnyOrder("started", "trims");

        assertThat(runServingThenStop(config, httpsPort, stored).mappings()).noneMatch(ShadedJarIT::ourArchive);
        Path classList = cdsFiles().stream().filter(file -> file.toString().endsWith("classlist")).findFirst().orElseThrow();
        // The list is in loading order. The start, up to the readiness notice, read the state files
        // (the renewal above wrote one) without jackson: about 100 classes an idle daemon would keep.
        // Only the status request that followed, through the control protocol, loaded it.
        List<String> loaded = Files.readAllLines(classList);
        int ready = loaded.indexOf("io/hotcert/daemon/ReadinessNotifier");
        assertThat(ready).isPositive();
        assertThat(loaded.subList(0, ready)).noneMatch(line -> line.startsWith("com/fasterxml/"));
        assertThat(loaded.subList(ready, loaded.size())).anyMatch(line -> line.startsWith("com/fasterxml/"));

        Daemon daemon = runServingThenStop(config, httpsPort, stored);
        assertThat(cdsFiles()).anyMatch(file -> file.toString().endsWith("jsa"));
        // Placed where it was built, its read-only part is mapped read-only: not rewritten at start.
        assertThat(daemon.mappings()).anyMatch(mapping -> ourArchive(mapping) && mapping.contains(" r--p "));
        assertThat(daemon.mappings()).anyMatch(mapping -> mapping.endsWith(RUNTIME + "/lib/server/libjvm.so"));
        // Netty unpacked BoringSSL into the cache directory, not into a /tmp that may be noexec.
        assertThat(daemon.mappings()).anyMatch(mapping -> mapping.contains(" r-xp ")
                && mapping.contains(work.resolve("cds") + "/libnetty_tcnative_linux_"));
        // The runtime is a Java 17: the launcher picks the JDK's own locale data there.
        assertThat(daemon.commandLine()).contains("-Djava.locale.providers=COMPAT");
        assertThat(daemon.commandLine()).contains("-XX:TrimNativeHeapInterval=5000");
        assertThat(daemon.commandLine()).contains("-XX:StringTableSize=16384");
    }

    /** What /proc showed of a running daemon. */
    private record Daemon(List<String> mappings, String commandLine) {
    }

    private static boolean ourArchive(String mapping) {
        return mapping.contains("/hotcert-") && mapping.endsWith("jsa");
    }

    /**
     * Netty's own switch stands in for a board whose native library cannot load: {@code auto}
     * serves on the JDK's TLS and says so once, {@code openssl} refuses to start and says why.
     */
    @Test
    void withoutTheNativeLibraryAutoServesOnTheJdkAndOpensslRefusesToStart() throws Exception {
        int httpsPort = FreePort.pick();
        Path www = Files.createDirectories(work.resolve("www"));
        Path config = config("ec-p256", "https.address=127.0.0.1", "https.port=" + httpsPort,
                "https.static-dir=" + www);
        assertThat(hotcert(config, "renew").exitCode()).isZero();
        var environment = new HashMap<>(launcherEnvironment());
        environment.put("HOTCERT_JAVA_OPTS", "-Xmx96m -Dio.netty.handler.ssl.noOpenSsl=true");

        runServingThenStop(environment, config, httpsPort, storedSerial(), "jdk");
        assertThat(Files.readAllLines(work.resolve("run.log")))
                .filteredOn(line -> line.contains("HTTPS runs on the JDK's TLS")).singleElement().asString()
                .contains("the native TLS engine (BoringSSL) cannot load on this machine");

        Files.writeString(config, "https.tls-engine=openssl\n", StandardOpenOption.APPEND);
        var refused = hotcert(environment, config, "run");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(78);
        assertThat(refused.output()).contains("https.tls-engine: openssl, but the native TLS engine (BoringSSL) cannot"
                + " load on this machine");
    }

    private Daemon runServingThenStop(Path config, int httpsPort, BigInteger expected) throws Exception {
        return runServingThenStop(launcherEnvironment(), config, httpsPort, expected, "openssl");
    }

    /** Starts the daemon, checks what it serves and what status says; returns what /proc showed meanwhile. */
    private Daemon runServingThenStop(Map<String, String> environment, Path config, int httpsPort, BigInteger expected,
            String tlsEngine) throws Exception {
        Path log = work.resolve("run.log");
        var builder = new ProcessBuilder(LAUNCHER.toString(), "--config", config.toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process daemon = builder.start();
        Daemon seen;
        try {
            assertThat(servedSerialWithin(httpsPort, daemon)).as(() -> read(log)).isEqualTo(expected);
            var status = hotcert(config, "status");
            assertThat(status.output()).as(status.output()).contains("from the daemon")
                    .contains("TLS engine:  " + tlsEngine);
            Path proc = Path.of("/proc", Long.toString(daemon.pid()));
            seen = new Daemon(Files.readAllLines(proc.resolve("maps")),
                    Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' '));
        } finally {
            daemon.destroy();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(daemon.exitValue()).as(() -> read(log)).isZero();
        return seen;
    }

    private static BigInteger servedSerialWithin(int port, Process daemon) throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline) && daemon.isAlive()) {
            try {
                return TestTls.servedSerial(port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the daemon served no HTTPS on port " + port + " within " + STARTUP);
    }

    private Commands.Result hotcert(Path config, String... args) throws IOException, InterruptedException {
        return hotcert(launcherEnvironment(), config, args);
    }

    private Commands.Result hotcert(Map<String, String> environment, Path config, String... args)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(LAUNCHER.toString(), "--config", config.toString()));
        command.addAll(List.of(args));
        return Commands.run(environment, command.toArray(String[]::new));
    }

    private Map<String, String> launcherEnvironment() {
        return launcherEnvironment(work.resolve("no-logback.xml"));
    }

    private Map<String, String> launcherEnvironment(Path logbackFile) {
        return Map.of("HOTCERT_CDS_DIR", work.resolve("cds").toString(), "HOTCERT_LOGBACK", logbackFile.toString());
    }

    private Path config(String keyType, String... lines) throws IOException {
        Path storage = work.resolve("storage-" + keyType);
        String text = CA.pebble().configFor("board1.example.test", storage) + "key.type=" + keyType + "\n"
                + String.join("\n", lines) + "\n";
        return Files.writeString(work.resolve(keyType + ".properties"), text);
    }

    private BigInteger storedSerial() throws Exception {
        try (var in = Files.newInputStream(work.resolve("storage-ec-p256/live/cert.pem"))) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber();
        }
    }

    private List<Path> cdsFiles() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("cds"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("hotcert-")).toList();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
