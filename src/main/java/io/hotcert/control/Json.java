package io.hotcert.control;

import java.net.ProtocolException;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** The one JSON codec of the control protocol: one object per line, both directions. */
final class Json {

    private Json() {
    }

    /** JSON escapes every control character, so the result never contains a newline and is one line. */
    static String line(Map<String, ?> fields) {
        return JsonUtil.toJson(fields);
    }

    /** @param what names the line in the error, e.g. "request" or "line from the daemon" */
    static Map<String, Object> parseObject(String line, String what) throws ProtocolException {
        try {
            return JsonUtil.parseJson(line);
        } catch (JoseException | RuntimeException e) {
            throw new ProtocolException(what + " is not one JSON object (" + e.getMessage() + "): " + abbreviate(line));
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
