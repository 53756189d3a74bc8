package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hotcert.config.ListenAddress;
import io.hotcert.config.SettingsLoader;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestServers;
import io.undertow.server.HttpHandler;

/** Where the listeners bind: dual-stack by default, IPv4 on a kernel without IPv6, and lists of addresses. */
class DualStackTest {

    private static final HttpHandler OK = exchange -> exchange.getResponseSender().send("ok");
    private static final InetAddress IPV4_LOOPBACK = address("127.0.0.1");
    private static final InetAddress IPV6_LOOPBACK = address("::1");

    private final int port = FreePort.pick();

    @BeforeEach
    void needsIpv6Loopback() throws IOException {
        assumeThat(NetworkInterface.getByInetAddress(IPV6_LOOPBACK)).as("this machine has ::1").isNotNull();
    }

    /** The HTTP-01 listener as a configuration without http.address gives it. */
    private ListenAddress defaultHttp() throws Exception {
        var properties = new Properties();
        properties.setProperty("domains", "board1.example.test");
        properties.setProperty("http.port", String.valueOf(port));
        properties.setProperty("https.port", "0");
        return new SettingsLoader(Map.of()).parse(properties, Path.of("hotcert.properties")).http();
    }

    @Test
    void theDefaultAddressTakesIpv4AndIpv6ClientsOnOneSocket() throws Exception {
        try (var server = WebServer.start(TestServers.LIMITS, List.of(Endpoint.http("HTTP-01", defaultHttp(), OK)))) {
            assertThat(reaches(IPV4_LOOPBACK)).as("127.0.0.1").isTrue();
            assertThat(reaches(IPV6_LOOPBACK)).as("::1").isTrue();
        }
    }

    @Test
    void withoutIpv6TheDefaultFallsBackToIpv4AndSaysSoOnce() throws Exception {
        ListenAddress other = new ListenAddress("::", FreePort.pick());
        try (var logs = new CapturedLogs(); var server = WebServer.start(TestServers.LIMITS,
                List.of(Endpoint.http("HTTP-01", defaultHttp(), OK), Endpoint.http("HTTPS", other, OK)), () -> false)) {
            // The JDK binds 0.0.0.0 on an IPv6 socket as ::, so on this machine ::1 would still reach it;
            // on a kernel without IPv6 its sockets are IPv4 ones. What shows here is the address chosen.
            assertThat(reaches(IPV4_LOOPBACK)).as("127.0.0.1").isTrue();
            assertThat(logs.text()).containsOnlyOnce("IPv6 is not available on this machine: listening on 0.0.0.0"
                    + " (IPv4 only) where :: is configured")
                    .contains("HTTP-01 on 0.0.0.0:" + port);
        }
    }

    @Test
    void everyListedAddressIsBound() throws Exception {
        var both = new ListenAddress(List.of("127.0.0.1", "::1"), port);
        try (var logs = new CapturedLogs();
                var server = WebServer.start(TestServers.LIMITS, List.of(Endpoint.http("HTTP-01", both, OK)))) {
            assertThat(reaches(IPV4_LOOPBACK)).as("127.0.0.1").isTrue();
            assertThat(reaches(IPV6_LOOPBACK)).as("::1").isTrue();
            assertThat(logs.text()).contains("HTTP-01 on 127.0.0.1:" + port + ", [::1]:" + port);
        }
    }

    @Test
    void anAddressThatCannotBeBoundIsNamedAndTheOthersAreReleased() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(IPV6_LOOPBACK, port));
            var both = new ListenAddress(List.of("127.0.0.1", "::1"), port);

            assertThatThrownBy(() -> WebServer.start(TestServers.LIMITS, List.of(Endpoint.http("HTTPS", both, OK))))
                    .hasMessage("cannot listen on [::1]:" + port + " for HTTPS: Address already in use");
        }
        try (var again = new ServerSocket(port, 1, IPV4_LOOPBACK)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private boolean reaches(InetAddress host) {
        try (var socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            return new String(socket.getInputStream().readAllBytes()).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
