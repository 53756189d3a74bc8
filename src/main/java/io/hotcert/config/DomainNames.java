package io.hotcert.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.hotcert.crypto.IpAddresses;

/**
 * Checks the names a certificate is for (DNS names and IP addresses) and the domain part of an
 * email address (DNS names only).
 *
 * <p>An IP address in {@code domains} is an IPv4 address in dotted decimal without leading zeros
 * ({@code 010.0.0.1} is octal to some tools and decimal to others) or an IPv6 address in any
 * RFC 4291 form, kept in RFC 5952's ({@code 0:0:0:0:0:0:0:1} becomes {@code ::1}); refused are
 * brackets, zone ids ({@code fe80::1%eth0}: no certificate names a zone) and IPv4-mapped IPv6
 * addresses (write the IPv4 address).
 */
final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 253;

    private DomainNames() {
    }

    /**
     * Parses the {@code domains} list: comma-separated names, lower-cased, in order.
     *
     * @param wildcards whether {@code *.NAME} may be listed: only DNS-01 can validate one
     *
     * @throws InvalidValueException with one reason per bad entry
     */
    static List<String> parseList(String text, boolean wildcards) {
        var names = new LinkedHashSet<String>();
        var reasons = new ArrayList<String>();
        String[] entries = text.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim().toLowerCase(Locale.ROOT);
            String name = IpAddresses.canonical(entry).orElse(entry);
            Optional<String> fault = name.isEmpty()
                    ? Optional.of("entry " + (i + 1) + " of \"" + text + "\" is empty; expected names separated by single commas")
                    : certificateNameFault(name, wildcards);
            if (fault.isPresent()) {
                reasons.add(fault.get());
            } else if (!names.add(name)) {
                reasons.add('"' + name + "\" is listed twice; expected each name once");
            }
        }
        if (!reasons.isEmpty()) {
            throw new InvalidValueException(reasons);
        }
        return List.copyOf(names);
    }

    /** Whether {@code name} (lower-case) is a DNS host name of at least two labels. */
    static boolean isValid(String name) {
        String[] labels = name.split("\\.", -1);
        return name.length() <= MAX_LENGTH
                && labels.length >= 2
                && Arrays.stream(labels).allMatch(label -> LABEL.matcher(label).matches());
    }

    private static Optional<String> certificateNameFault(String name, boolean wildcards) {
        if (name.startsWith("*.")) {
            if (!wildcards) {
                return Optional.of('"' + name + "\" is a wildcard name; only DNS-01 can validate one: set dns.server"
                        + " and its companions, or list each name instead");
            }
            return certificateNameFault(name.substring(2), false).map(fault -> '"' + name + "\" is not a valid wildcard"
                    + " name; expected *. followed by a DNS name of at least two labels");
        }
        if (IpAddresses.canonical(name).isPresent()) {
            return Optional.empty();
        }
        if (name.contains(":") || name.matches("[0-9.]+") || name.startsWith("[")) {
            return ipAddressFault(name);
        }
        if (!isValid(name)) {
            return Optional.of('"' + name + "\" is not a valid DNS name; expected at least two dot-separated labels"
                    + " of 1 to 63 letters, digits or hyphens (not starting or ending with a hyphen),"
                    + " at most " + MAX_LENGTH + " characters in all");
        }
        return Optional.empty();
    }

    private static Optional<String> ipAddressFault(String name) {
        String expected = "; expected an IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1";
        if (name.startsWith("[")) {
            return Optional.of('"' + name + "\" is in brackets" + expected + ", written without them");
        }
        if (name.contains("%")) {
            return Optional.of('"' + name + "\" has a zone id; a certificate cannot name an address of one link only"
                    + expected);
        }
        if (name.startsWith("::ffff:")) {
            return Optional.of('"' + name + "\" is an IPv4-mapped IPv6 address; write the IPv4 address instead");
        }
        if (name.matches("[0-9.]+") && name.matches(".*(^|\\.)0[0-9].*")) {
            return Optional.of('"' + name + "\" has a leading zero, which some tools read as octal" + expected
                    + " (decimal, without leading zeros)");
        }
        return Optional.of('"' + name + "\" is not a valid IP address" + expected);
    }
}
