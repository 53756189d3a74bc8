package io.hotcert.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.hotcert.logging.Reasons;

/** Parsers for the {@code dns.*} keys (DNS-01 through RFC 2136). Messages never quote the secret. */
final class DnsValues {

    static final String DEFAULT_ALGORITHM = "hmac-sha256";
    private static final List<String> ALGORITHMS = List.of("hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384",
            "hmac-sha512");
    private static final int DNS_PORT = 53;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DnsValues() {
    }

    /** host, host:port, an IPv6 address alone or as [address]:port. */
    record Server(String host, int port) {
    }

    static Server server(String text) {
        String expected = "; expected the DNS server that takes updates as host or host:port, e.g. 192.0.2.53 or"
                + " ns1.example.net:53 ([address]:port for IPv6)";
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException('"' + text + "\" is not a server" + expected);
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.contains(":")) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException('"' + text + "\" is not a server" + expected);
        }
        return new Server(host, port == null ? DNS_PORT : ListenAddresses.port(port, 1));
    }

    /** A zone name, lower-cased and without its final dot. */
    static String zone(String text) {
        String zone = withoutFinalDot(text).toLowerCase(Locale.ROOT);
        if (!DomainNames.isValid(zone)) {
            throw new IllegalArgumentException('"' + text + "\" is not a zone name; expected the DNS zone the"
                    + " _acme-challenge records go into, e.g. example.com");
        }
        return zone;
    }

    /** Key names are DNS names, but often a single label ("hotcert") or with underscores. */
    static String keyName(String text) {
        String name = withoutFinalDot(text);
        if (!name.matches("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*")) {
            throw new IllegalArgumentException('"' + text + "\" is not a TSIG key name; expected the key's name"
                    + " as the DNS server knows it, e.g. hotcert or hotcert.example.com");
        }
        return name;
    }

    static String algorithm(String text) {
        String algorithm = text.toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException('"' + text + "\" is not a TSIG algorithm; expected one of "
                    + String.join(", ", ALGORITHMS));
        }
        return algorithm;
    }

    /**
     * The base64 secret in {@code file}, which must be the user's own and closed to everyone else:
     * whoever reads it can change the zone.
     */
    /** The secret and where it came from. */
    record SecretFile(Path file, String secret) {
        @Override
        public String toString() {
            return "SecretFile[file=" + file + ", secret=<hidden>]";
        }
    }

    static SecretFile secretFile(Path file) {
        String expected = "; expected a file holding the TSIG key's base64 secret, owned by the user hotcert"
                + " runs as, mode 0600 or stricter";
        ConfigPaths.requireReadableFile(file, "a file holding the TSIG key's base64 secret");
        String secret;
        try {
            String owner = Files.getOwner(file).getName();
            String user = System.getProperty("user.name");
            if (!owner.equals(user)) {
                throw new IllegalArgumentException('"' + file.toString() + "\" is owned by " + owner + ", not by "
                        + user + expected);
            }
            Set<PosixFilePermission> open = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            open.retainAll(GROUP_OR_OTHERS);
            if (!open.isEmpty()) {
                throw new IllegalArgumentException('"' + file.toString() + "\" can be used by its group or others;"
                        + " run chmod 600 on it" + expected);
            }
            secret = Files.readString(file).trim();
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot read \"" + file + "\" (" + Reasons.of(e) + ")" + expected);
        }
        if (!isBase64(secret)) {
            throw new IllegalArgumentException('"' + file.toString() + "\" does not hold base64 text" + expected);
        }
        return new SecretFile(file, secret);
    }

    /** Base64's own message may quote a character of the secret, so it is not passed on. */
    private static boolean isBase64(String text) {
        try {
            return Base64.getDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutFinalDot(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
