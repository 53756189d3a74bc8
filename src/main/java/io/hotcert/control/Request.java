package io.hotcert.control;

import java.net.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a client asks the daemon, the first and only line it sends: {@code {"command":"renew","force":true}}
 * or {@code {"command":"status"}}. The command is kept as text so that a command this daemon does
 * not know still reaches it and gets a proper answer (exit 2) instead of failing to parse.
 */
public record Request(String command, boolean force) {

    public static final String RENEW = "renew";
    public static final String STATUS = "status";

    /**
     * Fields a request may carry. Anything else is refused rather than ignored, so that a newer
     * client's option (say, a dry run) never silently turns into a real renewal on an older daemon.
     */
    private static final Set<String> FIELDS = Set.of("command", "force");

    public Request {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a request needs a command");
        }
    }

    public static Request renew(boolean force) {
        return new Request(RENEW, force);
    }

    public static Request status() {
        return new Request(STATUS, false);
    }

    String toJson() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("command", command);
        if (force || RENEW.equals(command)) {
            fields.put("force", force);
        }
        return Json.line(fields);
    }

    static Request fromJson(String line) throws ProtocolException {
        Map<String, Object> fields = Json.parseObject(line, "request");
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new ProtocolException("unknown request field \"" + name + "\"; a request has " + FIELDS);
            }
        }
        if (!(fields.get("command") instanceof String command) || command.isEmpty()) {
            throw new ProtocolException("a request needs \"command\" as a non-empty string, e.g. {\"command\":\"status\"}");
        }
        Object force = fields.getOrDefault("force", false);
        if (!(force instanceof Boolean)) {
            throw new ProtocolException("request field \"force\" must be true or false, not " + force);
        }
        return new Request(command, (Boolean) force);
    }
}
