package io.hotcert.config;

import java.nio.file.Path;

/**
 * DNS-01 through RFC 2136: where the updates go and the TSIG key that signs them.
 *
 * @param serverHost    the primary that takes updates, a name or an address
 * @param serverPort    its DNS port (53 unless {@code dns.server} says otherwise)
 * @param zone          the zone the {@code _acme-challenge} records go into, without a final dot
 * @param tsigName      the key's name as the server knows it
 * @param tsigAlgorithm {@code hmac-sha256} and the like, lower-case
 * @param secretFile    where the secret was read from, for messages
 * @param secret        the key's base64 secret, already checked to decode; {@link #toString()} hides it
 */
public record DnsSettings(String serverHost, int serverPort, String zone, String tsigName, String tsigAlgorithm,
        Path secretFile, String secret) {

    /** As {@code dns.server} would be written: host:port, an IPv6 address in brackets. */
    public String server() {
        return (serverHost.contains(":") ? "[" + serverHost + "]" : serverHost) + ":" + serverPort;
    }

    @Override
    public String toString() {
        return "DnsSettings[server=" + server() + ", zone=" + zone + ", tsigName=" + tsigName + ", tsigAlgorithm="
                + tsigAlgorithm + ", secretFile=" + secretFile + ", secret=<hidden>]";
    }
}
