package io.hotcert.crypto;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.util.IPAddress;

/**
 * IP addresses as certificate names (RFC 8738), in one textual form each so that a configured
 * address, a certificate's iPAddress SAN and a Host header compare as strings: IPv4 in dotted
 * decimal without leading zeros, IPv6 as RFC 5952 writes it (lower case, leading zeros dropped,
 * the longest run of two or more zero groups as {@code ::}).
 */
public final class IpAddresses {

    /** Leading zeros are refused: some tools read {@code 010} as octal 8, others as decimal 10. */
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final int IPV6_GROUPS = 8;

    private IpAddresses() {
    }

    /**
     * The canonical form of {@code text} when it is an IPv4 address in dotted decimal without
     * leading zeros or an IPv6 address in any RFC 4291 form (without zone id or brackets, and not
     * an IPv4-mapped one, which names an IPv4 address); empty otherwise.
     */
    public static Optional<String> canonical(String text) {
        if (IPV4.matcher(text).matches() && IPAddress.isValidIPv4(text)) {
            return Optional.of(text);
        }
        if (text.indexOf('%') >= 0 || !IPAddress.isValidIPv6(text)) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            // A literal already checked to be IPv6 is parsed, never looked up.
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return address instanceof Inet4Address ? Optional.empty() : Optional.of(canonical(address));
    }

    /** The canonical form of an address, such as an iPAddress SAN read from a certificate. */
    public static String canonical(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < IPV6_GROUPS; start++) {
            int length = 0;
            while (start + length < IPV6_GROUPS && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        var text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** A name as the host of a URL or of {@code host:port}: an IPv6 address in brackets (RFC 3986). */
    public static String uriHost(String name) {
        return name.indexOf(':') >= 0 ? "[" + name + "]" : name;
    }

    /** The address a canonical name stands for; only for names {@link #canonical(String)} accepted. */
    public static InetAddress address(String canonical) {
        if (canonical(canonical).isEmpty()) {
            throw new IllegalArgumentException('"' + canonical + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(canonical);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException('"' + canonical + "\" is not an IP address", e);
        }
    }
}
