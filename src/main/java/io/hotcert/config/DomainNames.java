package io.hotcert.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.bouncycastle.util.IPAddress;

/** Checks DNS names: those a certificate is for, and the domain part of an email address. */
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
            String name = entries[i].trim().toLowerCase(Locale.ROOT);
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
        if (IPAddress.isValid(name) || name.contains(":")) {
            return Optional.of('"' + name + "\" is an IP address; IP addresses are not supported, only DNS names");
        }
        if (!isValid(name)) {
            return Optional.of('"' + name + "\" is not a valid DNS name; expected at least two dot-separated labels"
                    + " of 1 to 63 letters, digits or hyphens (not starting or ending with a hyphen),"
                    + " at most " + MAX_LENGTH + " characters in all");
        }
        return Optional.empty();
    }
}
