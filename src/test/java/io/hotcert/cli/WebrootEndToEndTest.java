package io.hotcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.app.Wiring;
import io.hotcert.config.SettingsLoader;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.Pem;
import io.hotcert.daemon.Daemon;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.testing.Await;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.FreshValidation;
import io.hotcert.testing.Loopback;
import io.hotcert.testing.Nginx;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.ServesHttps;

/**
 * {@code challenge.webroot} against a real Pebble, with nginx from Debian owning the port Pebble
 * validates on: hotcert writes the answers into nginx's document root, nginx serves them, and
 * hotcert's own HTTP listener stays off (nginx holds the port, so a bind would fail the renewal),
 * in a one-shot {@code renew} and in the daemon beside its HTTPS listener.
 */
@EndToEnd
class WebrootEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    private static final Pattern ANSWERED = Pattern.compile(
            "\"GET /\\.well-known/acme-challenge/[A-Za-z0-9_-]+ HTTP/1\\.1\" 200 ");

    @TempDir
    Path work;

    @Test
    void nginxServesTheAnswersHotcertWritesAndTheyAreGoneAfterEachRenewal() throws Exception {
        Path webroot = webroot();
        Path challengeDir = webroot.resolve(".well-known/acme-challenge");
        Path config = config(webroot);

        try (var nginx = nginx(webroot); var logs = new CapturedLogs()) {
            var first = Cli.run("--config", config.toString(), "renew");

            assertThat(first.exitCode()).as(first.toString()).isZero();
            X509Certificate issued = liveLeaf();
            assertThat(CertificateSummary.of(issued).names()).containsExactly("webroot.example.test");
            assertThat(names(challengeDir)).isEmpty();
            awaitAnsweredMoreThan(nginx, 0);
            long answeredFirst = answered(nginx);
            assertThat(answeredFirst).as(nginx.accessLog()).isPositive();

            Files.writeString(challengeDir.resolve("operators-own-check"), "ok");
            var forced = FreshValidation.retryWhileReused(logs,
                    () -> Cli.run("--config", config.toString(), "renew", "--force"));

            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(liveLeaf().getSerialNumber()).isNotEqualTo(issued.getSerialNumber());
            assertThat(names(challengeDir)).containsExactly("operators-own-check");
            awaitAnsweredMoreThan(nginx, answeredFirst);
            assertThat(answered(nginx)).as(nginx.accessLog()).isGreaterThan(answeredFirst);
        }
    }

    @Test
    @ServesHttps
    void theDaemonRenewsThroughTheWebrootWhileItsHttpsListenerServes() throws Exception {
        Path webroot = webroot();
        int httpsPort = FreePort.pick();
        Path config = config(webroot);
        Files.writeString(config, Files.readString(config).replace("https.port=0", String.join("\n",
                "https.address=127.0.0.1",
                "https.port=" + httpsPort,
                "https.static-dir=" + webroot)));

        try (var nginx = nginx(webroot)) {
            Daemon daemon = new Wiring(new SettingsLoader(Map.of()).load(config), Clock.systemUTC()).daemon();
            Future<RenewalResult> firstRenewal = daemon.start();
            try {
                assertThat(firstRenewal.get(60, TimeUnit.SECONDS)).isInstanceOf(RenewalResult.Renewed.class);
                assertThat(Loopback.accepts(httpsPort)).isTrue();
                assertThat(names(webroot.resolve(".well-known/acme-challenge"))).isEmpty();
                awaitAnsweredMoreThan(nginx, 0);
                assertThat(answered(nginx)).as(nginx.accessLog()).isPositive();
            } finally {
                daemon.stop();
            }
        }
    }

    @Test
    void aWebrootThatIsGoneStopsCheckConfigAndRenewWithExit78NamingIt() throws Exception {
        Path gone = work.resolve("www-removed");
        Path config = config(gone);

        for (String command : List.of("check-config", "renew")) {
            var result = Cli.run("--config", config.toString(), command);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
            assertThat(result.err()).contains("challenge.webroot: \"" + gone + "\" does not exist");
        }
        assertThat(work.resolve("storage")).doesNotExist();
    }

    /** nginx's workers run as nobody: they reach the webroot only through directories others may enter. */
    private Path webroot() throws IOException {
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path webroot = Files.createDirectory(work.resolve("www"));
        Files.setPosixFilePermissions(webroot, PosixFilePermissions.fromString("rwxr-xr-x"));
        return webroot;
    }

    /** nginx on the port Pebble validates on, where hotcert would otherwise listen. */
    private Nginx nginx(Path webroot) throws IOException, InterruptedException {
        return Nginx.serve(webroot, CA.pebble().validationPort(), Files.createDirectory(work.resolve("nginx")));
    }

    /** Pebble's lines without http.port: with a webroot, hotcert's HTTP listener is off. */
    private Path config(Path webroot) throws IOException {
        Path file = work.resolve("hotcert.properties");
        String pebbleLines = CA.pebble().configFor("webroot.example.test", work.resolve("storage")).lines()
                .filter(line -> !line.startsWith("http.port="))
                .reduce("", (all, line) -> all + line + "\n");
        Files.writeString(file, pebbleLines + String.join("\n",
                "challenge.webroot=" + webroot,
                "https.port=0",
                ""));
        return file;
    }

    private X509Certificate liveLeaf() throws Exception {
        return Pem.readCertificates(work.resolve("storage/live/cert.pem")).get(0);
    }

    /** How many challenge answers nginx served with 200: Pebble asks for each from several vantage points. */
    /**
     * nginx writes its access log line after the response has gone, so the CA can have its answer
     * (and hotcert its certificate) before the line is there: on a busy machine, it comes later.
     */
    private static void awaitAnsweredMoreThan(Nginx nginx, long before) throws InterruptedException {
        Await.until("nginx's access log shows the CA's requests", Duration.ofSeconds(10), () -> {
            try {
                return answered(nginx) > before;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static long answered(Nginx nginx) throws IOException {
        return nginx.accessLog().lines().filter(line -> ANSWERED.matcher(line).find()).count();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
