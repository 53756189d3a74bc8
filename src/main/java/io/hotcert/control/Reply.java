package io.hotcert.control;

import java.net.ProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The daemon's final answer to a request: the exit code the command should end with (the
 * contract's codes: 0 ok, also "not due"; 1 failure; 2 usage; 75 temporary; 78 config), a line
 * for people, and an optional payload for scripts (e.g. what {@code status --json} prints).
 *
 * <p>On the wire: {@code {"exit":0,"message":"...","payload":{...}}}, the payload left out when
 * empty. It is a field of its own rather than merged into the top level so that no payload key
 * can ever be mistaken for {@code exit} or {@code message}.
 *
 * @param payload JSON-compatible values only: strings, numbers, booleans, null, lists and maps of
 *                those. Numbers come back from the wire as {@code Long} or {@code Double}.
 */
public record Reply(int exit, String message, Map<String, Object> payload) {

    public Reply {
        message = message == null ? "" : message;
        // Not Map.copyOf: payload values may be null (e.g. "no certificate yet"), and order is kept for display.
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload == null ? Map.of() : payload));
    }

    public static Reply of(int exit, String message) {
        return new Reply(exit, message, Map.of());
    }

    String toJson() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("exit", exit);
        fields.put("message", message);
        if (!payload.isEmpty()) {
            fields.put("payload", payload);
        }
        return Json.line(fields);
    }

    /** The reply in a line the client has already recognised as final (it has {@code exit}). */
    static Reply fromFields(Map<String, Object> fields) throws ProtocolException {
        if (!(fields.get("exit") instanceof Long exit) || exit < 0 || exit > 255) {
            throw new ProtocolException("the daemon's reply has no exit code from 0 to 255: " + fields.get("exit"));
        }
        Object message = fields.get("message");
        Object payload = fields.getOrDefault("payload", Map.of());
        if (!(payload instanceof Map<?, ?> map)) {
            throw new ProtocolException("the daemon's reply has a payload that is not an object: " + payload);
        }
        var typed = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> typed.put(String.valueOf(key), value));
        return new Reply(exit.intValue(), message == null ? "" : message.toString(), typed);
    }
}
