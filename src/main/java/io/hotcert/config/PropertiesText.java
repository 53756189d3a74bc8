package io.hotcert.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads properties text as {@link Properties#load} does, but remembers the line each key is on:
 * {@code Properties} silently keeps the last of two lines for one key, and which of the two the
 * operator meant is a guess hotcert does not make.
 */
final class PropertiesText {

    /** @param duplicates one problem per key given more than once, naming the key and the lines */
    record Read(Properties properties, List<String> duplicates) {
        Read {
            duplicates = List.copyOf(duplicates);
        }
    }

    private PropertiesText() {
    }

    static Read read(String text) {
        var properties = new Properties();
        var duplicates = new ArrayList<String>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int start = 0; start < lines.size(); ) {
            int end = endOfEntry(lines, start);
            Properties entry = load(String.join("\n", lines.subList(start, end + 1)));
            for (String key : entry.stringPropertyNames()) {
                Integer earlier = firstLine.putIfAbsent(key, start + 1);
                if (earlier != null) {
                    duplicates.add(key + ": given twice, on line " + earlier + " and line " + (start + 1)
                            + "; keep one of them");
                }
                properties.setProperty(key, entry.getProperty(key));
            }
            start = end + 1;
        }
        return new Read(properties, duplicates);
    }

    /** The last line of the entry starting at {@code start}: a line ending in an odd number of backslashes continues. */
    private static int endOfEntry(List<String> lines, int start) {
        String first = lines.get(start).stripLeading();
        if (first.startsWith("#") || first.startsWith("!")) {
            return start;
        }
        int end = start;
        while (end + 1 < lines.size() && continues(lines.get(end))) {
            end++;
        }
        return end;
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static Properties load(String entry) {
        var properties = new Properties();
        try {
            properties.load(new StringReader(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a string", e);
        }
        return properties;
    }
}
