package io.hotcert.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds what an operator cannot see in a key or value: whitespace at either end, and invisible
 * characters anywhere (a byte order mark, zero-width spaces and joiners, other Unicode format and
 * control characters), left by copying from a web page or an editor. Such a value means something
 * other than what the operator reads, e.g. another directory, so it is an error, never trimmed.
 * Messages name the character and its position, never the value, which may be a secret.
 */
final class HiddenCharacters {

    private HiddenCharacters() {
    }

    /** What is hidden in {@code text}, e.g. "ends with a space (U+0020)"; empty when nothing is. */
    static Optional<String> in(String text) {
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.FORMAT || type == Character.CONTROL) {
                return Optional.of("contains an invisible character, " + describe(c) + ", at position "
                        + (text.codePointCount(0, i) + 1));
            }
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int first = text.codePointAt(0);
        if (isSpace(first)) {
            return Optional.of("starts with " + article(first));
        }
        int last = text.codePointBefore(text.length());
        return isSpace(last) ? Optional.of("ends with " + article(last)) : Optional.empty();
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String article(int c) {
        return (c == ' ' ? "a space" : "a " + name(c)) + " (" + codePoint(c) + ")";
    }

    private static String describe(int c) {
        return codePoint(c) + " (" + name(c) + ")";
    }

    private static String name(int c) {
        if (c == '\uFEFF') {
            return "byte order mark";
        }
        if (c == '\t') {
            return "tab";
        }
        String name = Character.getName(c);
        return name == null ? "unassigned character" : name.toLowerCase(Locale.ROOT);
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }
}
