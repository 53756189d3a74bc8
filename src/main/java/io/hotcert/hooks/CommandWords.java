package io.hotcert.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split into words the way a POSIX shell splits a simple command, but without a
 * shell: blanks separate words, single quotes keep everything literally, double quotes keep all
 * but a backslash before {@code " \ $ `}, and a backslash outside quotes keeps the next
 * character. Nothing is expanded, and pipes, redirections and {@code $VARIABLES} are ordinary
 * characters, so no name or path can ever be read as shell syntax. A hook that wants a shell
 * writes {@code sh -c '...'}.
 *
 * <p>Error messages give positions, never the text: it may carry a token.
 */
public record CommandWords(List<String> words) {

    private static final String ESCAPABLE_IN_DOUBLE_QUOTES = "\"\\$`";

    public CommandWords {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
    }

    public static CommandWords parse(String text) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        // Separate from word.length(): '' is a word too, an empty argument.
        boolean inWord = false;
        int at = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                at++;
                continue;
            }
            inWord = true;
            at = switch (c) {
                case '\'' -> singleQuoted(text, at, word);
                case '"' -> doubleQuoted(text, at, word);
                case '\\' -> escaped(text, at, word);
                default -> {
                    word.append(c);
                    yield at + 1;
                }
            };
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new CommandWords(words);
    }

    /** The first word: what is run. */
    public String program() {
        return words.get(0);
    }

    private static int singleQuoted(String text, int open, StringBuilder word) {
        int close = text.indexOf('\'', open + 1);
        if (close < 0) {
            throw unclosed("single", open);
        }
        word.append(text, open + 1, close);
        return close + 1;
    }

    private static int doubleQuoted(String text, int open, StringBuilder word) {
        int at = open + 1;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                return at + 1;
            }
            boolean escape = c == '\\' && at + 1 < text.length()
                    && ESCAPABLE_IN_DOUBLE_QUOTES.indexOf(text.charAt(at + 1)) >= 0;
            if (escape) {
                at++;
            }
            word.append(text.charAt(at));
            at++;
        }
        throw unclosed("double", open);
    }

    private static int escaped(String text, int backslash, StringBuilder word) {
        if (backslash + 1 == text.length()) {
            throw new IllegalArgumentException("the backslash at the end of the command escapes nothing");
        }
        word.append(text.charAt(backslash + 1));
        return backslash + 2;
    }

    private static IllegalArgumentException unclosed(String kind, int open) {
        return new IllegalArgumentException("unbalanced quotes: the " + kind + " quote at character " + (open + 1)
                + " is never closed");
    }
}
