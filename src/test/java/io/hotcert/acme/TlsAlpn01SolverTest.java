package io.hotcert.acme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Identifier;

/** The server name a CA's TLS-ALPN-01 handshake asks for (RFC 8737, and RFC 8738 for addresses). */
class TlsAlpn01SolverTest {

    @Test
    void aDnsNameIsItself() {
        assertThat(TlsAlpn01Solver.serverName(Identifier.dns("board1.example.test"))).isEqualTo("board1.example.test");
    }

    @Test
    void anIpv4AddressIsItsInAddrArpaName() {
        assertThat(TlsAlpn01Solver.serverName(Identifier.ip("192.0.2.7"))).isEqualTo("7.2.0.192.in-addr.arpa");
    }

    @Test
    void anIpv6AddressIsItsNibbleReversedIp6ArpaName() {
        // RFC 3596's example: 4321:0:1:2:3:4:567:89ab.
        assertThat(TlsAlpn01Solver.serverName(Identifier.ip("4321:0:1:2:3:4:567:89ab")))
                .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa");
    }
}
