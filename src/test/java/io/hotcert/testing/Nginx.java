package io.hotcert.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx ({@code nginx-light}) as a process of the test, serving a directory on a loopback
 * port: the web server that owns port 80 on a board where hotcert answers HTTP-01 through a
 * webroot. Its configuration, pid file and logs live in a directory of the test's; it runs in the
 * foreground ({@code daemon off}), so stopping the process stops nginx. Run as root, its workers
 * serve as {@code nobody}, so they read only what others may read.
 */
public final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;

    private Nginx(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Returns once nginx accepts connections on {@code 127.0.0.1:port}; fails with its error log if it exits. */
    public static Nginx serve(Path root, int port, Path dir) throws IOException, InterruptedException {
        UnitTier.refuse("nginx");
        // The default temp paths are under /var/lib/nginx, which a test must not need.
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {",
                "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + dir.resolve("client_body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  server { listen 127.0.0.1:" + port + "; root " + root + "; }",
                "}",
                ""));
        Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        var nginx = new Nginx(process, dir);
        try {
            Await.until("nginx accepting on 127.0.0.1:" + port, START_TIMEOUT,
                    () -> !process.isAlive() || Loopback.accepts(port));
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n"
                        + Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log")));
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** What nginx logged for each request, in its combined format. */
    public String accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM (nginx's fast shutdown), and waits until the process is reaped. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
