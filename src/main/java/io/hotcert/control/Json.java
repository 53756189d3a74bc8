package io.hotcert.control;

import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.json.internal.json_simple.parser.ContainerFactory;
import org.jose4j.json.internal.json_simple.parser.JSONParser;
import org.jose4j.json.internal.json_simple.parser.ParseException;
import org.jose4j.json.internal.json_simple.parser.Yytoken;

/**
 * The one JSON codec of the control protocol: one object per line, both directions. A line that
 * is not one object is refused in words a person can act on; the parser's own messages name its
 * classes, and whoever typed the request cannot do anything with those.
 */
final class Json {

    private static final ContainerFactory CONTAINERS = new ContainerFactory() {
        @Override
        public Map<String, Object> createObjectContainer() {
            return new UniqueKeys();
        }

        @Override
        public List<Object> creatArrayContainer() {
            return new ArrayList<>();
        }
    };

    private Json() {
    }

    /** JSON escapes every control character, so the result never contains a newline and is one line. */
    static String line(Map<String, ?> fields) {
        return JsonUtil.toJson(fields);
    }

    /** @param what names the line in the error, e.g. "request" or "line from the daemon" */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String line, String what) throws ProtocolException {
        Object parsed;
        try {
            parsed = new JSONParser().parse(line, CONTAINERS);
        } catch (ParseException e) {
            throw new ProtocolException(what + " is not one JSON object: " + problem(e) + ": " + abbreviate(line));
        } catch (DuplicateKey e) {
            throw new ProtocolException(what + " is not one JSON object: " + e.getMessage() + ": " + abbreviate(line));
        }
        if (!(parsed instanceof Map)) {
            throw new ProtocolException(what + " is not one JSON object: it is " + kind(parsed) + ", e.g. "
                    + "{\"command\":\"status\"} would be one: " + abbreviate(line));
        }
        return (Map<String, Object>) parsed;
    }

    private static String problem(ParseException e) {
        Object unexpected = e.getUnexpectedObject();
        if (unexpected instanceof Yytoken token && token.type == Yytoken.TYPE_EOF) {
            return "the line ends before the JSON does";
        }
        if (unexpected instanceof Yytoken token) {
            return "unexpected " + (token.type == Yytoken.TYPE_VALUE ? kind(token.value) : "'" + punctuation(token) + "'")
                    + " at character " + (e.getPosition() + 1);
        }
        if (unexpected instanceof Character character) {
            return "unexpected character '" + character + "' at character " + (e.getPosition() + 1);
        }
        return "unreadable at character " + (e.getPosition() + 1);
    }

    private static char punctuation(Yytoken token) {
        return switch (token.type) {
            case Yytoken.TYPE_LEFT_BRACE -> '{';
            case Yytoken.TYPE_RIGHT_BRACE -> '}';
            case Yytoken.TYPE_LEFT_SQUARE -> '[';
            case Yytoken.TYPE_RIGHT_SQUARE -> ']';
            case Yytoken.TYPE_COMMA -> ',';
            default -> ':';
        };
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

    /** A JSON object whose names are unique, as the protocol wants: a repeated name is ambiguous. */
    private static final class UniqueKeys extends LinkedHashMap<String, Object> {

        @Override
        public Object put(String key, Object value) {
            if (containsKey(key)) {
                throw new DuplicateKey(key);
            }
            return super.put(key, value);
        }
    }

    private static final class DuplicateKey extends RuntimeException {

        DuplicateKey(String key) {
            super("the name \"" + key + "\" appears twice", null, false, false);
        }
    }
}
