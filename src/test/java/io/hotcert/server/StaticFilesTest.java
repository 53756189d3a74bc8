package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestServers;

class StaticFilesTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesFilesAndIndexButNoListingsAndNothingOutside() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www/docs"));
        Files.writeString(dir.resolve("www/index.html"), "<h1>board</h1>");
        Files.writeString(www.resolve("a.txt"), "A");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(dir.resolve("www/link.txt"), dir.resolve("secret.txt"));
        int port = FreePort.pick();

        try (var server = TestServers.http(port, StaticFiles.from(dir.resolve("www")))) {
            assertThat(get(port, "/").body()).isEqualTo("<h1>board</h1>");
            assertThat(get(port, "/docs/a.txt").body()).isEqualTo("A");
            assertThat(get(port, "/docs/").statusCode()).isEqualTo(403);
            assertThat(get(port, "/link.txt").statusCode()).isEqualTo(404);
            assertThat(get(port, "/../secret.txt").body()).doesNotContain("secret");
            assertThat(get(port, "/missing").statusCode()).isEqualTo(404);
        }
    }
}
