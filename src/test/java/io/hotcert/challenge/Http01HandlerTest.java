package io.hotcert.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestServers;

/** The plain-HTTP port's answers, through the real web server. */
class Http01HandlerTest {

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ActiveChallenges challenges = new ActiveChallenges();
    private final List<String> domains = List.of("board.example.test", "www.board.example.test");

    @Test
    void answersOnlyActiveTokensAndRedirectsEverythingElse() throws Exception {
        int port = FreePort.pick();
        try (var responder = TestServers.http(port, new Http01Handler(challenges, 8443, domains))) {
            challenges.add("tok-1", "tok-1.thumbprint");

            var answer = get(port, "/.well-known/acme-challenge/tok-1");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("tok-1.thumbprint");
            assertThat(answer.headers().firstValue("content-type")).contains("text/plain");

            assertThat(get(port, "/.well-known/acme-challenge/other").statusCode()).isEqualTo(404);

            challenges.remove("tok-1");
            assertThat(get(port, "/.well-known/acme-challenge/tok-1").statusCode()).isEqualTo(404);

            var redirect = get(port, "/some/page?x=1");
            assertThat(redirect.statusCode()).isEqualTo(301);
            assertThat(redirect.headers().firstValue("location")).contains("https://board.example.test:8443/some/page?x=1");
        }
    }

    @Test
    void redirectOmitsTheDefaultHttpsPortAndIsNotFoundWhenHttpsIsOff() throws Exception {
        int port = FreePort.pick();
        try (var responder = TestServers.http(port, new Http01Handler(challenges, 443, domains))) {
            assertThat(get(port, "/").headers().firstValue("location")).contains("https://board.example.test/");
        }
        try (var responder = TestServers.http(port, new Http01Handler(challenges, 0, domains))) {
            assertThat(get(port, "/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anAbsoluteFormRequestIsRedirectedToItsPathOnly() throws Exception {
        int port = FreePort.pick();
        try (var responder = TestServers.http(port, new Http01Handler(challenges, 8443, domains));
                var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET http://board.example.test/x?q=1 HTTP/1.1\r\n"
                    + "Host: board.example.test\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);

            assertThat(response).startsWith("HTTP/1.1 301").containsIgnoringCase("location: https://board.example.test:8443/x?q=1\r\n");
        }
    }

    @Test
    void aWildcardIsNeverARedirectTarget() throws Exception {
        int port = FreePort.pick();
        try (var first = TestServers.http(port, new Http01Handler(challenges, 8443,
                List.of("*.board.example.test", "board.example.test")))) {
            assertThat(rawGet(port, "/foo", "evil.example")).contains("location: https://board.example.test:8443/foo\r\n");
        }
        int other = FreePort.pick();
        try (var only = TestServers.http(other, new Http01Handler(challenges, 8443, List.of("*.board.example.test")))) {
            assertThat(rawGet(other, "/foo", "evil.example")).contains("location: https://board.example.test:8443/foo\r\n");
        }
    }

    @Test
    void redirectsNameOnlyConfiguredHosts() throws Exception {
        int port = FreePort.pick();
        try (var responder = TestServers.http(port, new Http01Handler(challenges, 8443, domains))) {
            assertThat(rawGet(port, "/foo", "evil.example")).contains("location: https://board.example.test:8443/foo\r\n");
            assertThat(rawGet(port, "/foo", "WWW.Board.Example.Test.:80"))
                    .contains("location: https://www.board.example.test:8443/foo\r\n");
            assertThat(rawGet(port, "http://evil.example/foo", "evil.example")).startsWith("HTTP/1.1 404");
            assertThat(rawGet(port, "http://www.board.example.test/foo", "www.board.example.test"))
                    .contains("location: https://www.board.example.test:8443/foo\r\n");
        }
    }

    @Test
    void answersChallengesForAnIpAddressHostAndRedirectsToTheAddress() throws Exception {
        int port = FreePort.pick();
        var addresses = List.of("::1", "127.0.0.1");
        try (var responder = TestServers.http(port, new Http01Handler(challenges, 8443, addresses))) {
            challenges.add("tok-ip", "tok-ip.thumbprint");

            assertThat(rawGet(port, "/.well-known/acme-challenge/tok-ip", "127.0.0.1")).startsWith("HTTP/1.1 200")
                    .endsWith("tok-ip.thumbprint");
            assertThat(rawGet(port, "/.well-known/acme-challenge/tok-ip", "[::1]:80")).startsWith("HTTP/1.1 200");
            assertThat(rawGet(port, "/a", "127.0.0.1:80")).contains("location: https://127.0.0.1:8443/a\r\n");
            assertThat(rawGet(port, "/a", "[0:0:0:0:0:0:0:1]")).contains("location: https://[::1]:8443/a\r\n");
            assertThat(rawGet(port, "/a", "192.0.2.9")).contains("location: https://[::1]:8443/a\r\n");
        }
    }

    /** A request with the given target and Host; the answer as sent, header names lower-cased. */
    private static String rawGet(int port, String target, String host) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return response.replace("Location:", "location:");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
