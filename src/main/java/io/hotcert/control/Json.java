package io.hotcert.control;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The one JSON codec of the control protocol: one object per line, both directions. A line that
 * is not one object is refused in words a person can act on; the parser's own messages name its
 * classes and settings, and whoever typed the request cannot do anything with those. Values come
 * back as {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or
 * null.
 */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Null values are written, as every earlier hotcert wrote them: readers may expect the names. */
    private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final String PUNCTUATION = "{}[],:";

    private Json() {
    }

    /** JSON escapes every control character, so the result never contains a newline and is one line. */
    static String line(Map<String, ?> fields) {
        try {
            return WRITER.asString(fields);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + fields, e);
        }
    }

    /** @param what names the line in the error, e.g. "request" or "line from the daemon" */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String line, String what) throws ProtocolException {
        Object parsed;
        try (JsonParser parser = FACTORY.createParser(line)) {
            parsed = value(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                int at = (int) parser.currentTokenLocation().getCharOffset();
                throw refused(what, unexpected(line, at), line);
            }
        } catch (JsonEOFException e) {
            throw refused(what, "the line ends before the JSON does", line);
        } catch (StreamReadException e) {
            throw refused(what, unexpected(line, offset(e, line)), line);
        } catch (DuplicateKey e) {
            throw refused(what, e.getMessage(), line);
        } catch (IOException e) {
            throw refused(what, "unreadable", line);
        }
        if (!(parsed instanceof Map)) {
            throw new ProtocolException(what + " is not one JSON object: it is " + kind(parsed) + ", e.g. "
                    + "{\"command\":\"status\"} would be one: " + abbreviate(line));
        }
        return (Map<String, Object>) parsed;
    }

    private static ProtocolException refused(String what, String problem, String line) {
        return new ProtocolException(what + " is not one JSON object: " + problem + ": " + abbreviate(line));
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonEOFException(parser, null, "no value");
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A JSON object whose names are unique, as the protocol wants: a repeated name is ambiguous. */
    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            if (object.containsKey(name)) {
                throw new DuplicateKey(name);
            }
            object.put(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static List<Object> array(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token));
        }
        return array;
    }

    /**
     * Where the problem is: the character the parser stopped at, except for a misspelt word
     * ("tru", "not json"), where it stops past the word and a person looks for where it starts.
     */
    private static int offset(StreamReadException e, String line) {
        int offset = Math.min((int) e.getLocation().getCharOffset(), line.length());
        if (e.getOriginalMessage().startsWith("Unrecognized token")) {
            while (offset > 0 && Character.isLetter(line.charAt(offset - 1))) {
                offset--;
            }
        }
        return offset;
    }

    private static String unexpected(String line, int offset) {
        if (offset >= line.length()) {
            return "the line ends before the JSON does";
        }
        char c = line.charAt(offset);
        return (PUNCTUATION.indexOf(c) >= 0 ? "unexpected '" + c + "'" : "unexpected character '" + c + "'")
                + " at character " + (offset + 1);
    }

    private static String kind(Object value) {
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String text) {
            return "the text \"" + abbreviate(text) + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return "the value " + value;
        }
        return value == null ? "null" : "a JSON object";
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    private static final class DuplicateKey extends RuntimeException {

        DuplicateKey(String key) {
            super("the name \"" + key + "\" appears twice", null, false, false);
        }
    }
}
