package io.hotcert.control;

import java.net.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a client asks the daemon, the first and only line it sends: {@code {"command":"renew","force":true}},
 * {@code {"command":"renew","dryRun":true}} or {@code {"command":"status"}}. The command is kept as
 * text so that a command this daemon does not know still reaches it and gets a proper answer
 * (exit 2) instead of failing to parse.
 *
 * @param dryRun a trial order into a scratch directory instead of a renewal; {@code force} is then moot
 */
public record Request(String command, boolean force, boolean dryRun) {

    public static final String RENEW = "renew";
    public static final String STATUS = "status";

    /**
     * Fields a request may carry. Anything else is refused rather than ignored, so that a newer
     * client's option (say, a dry run) never silently turns into a real renewal on an older daemon.
     */
    private static final Set<String> FIELDS = Set.of("command", "force", "dryRun");

    public Request {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a request needs a command");
        }
    }

    public Request(String command, boolean force) {
        this(command, force, false);
    }

    public static Request renew(boolean force) {
        return new Request(RENEW, force);
    }

    public static Request renewDryRun() {
        return new Request(RENEW, false, true);
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
        // Only when set: a daemon too old to know dry runs then refuses the field instead of renewing for real.
        if (dryRun) {
            fields.put("dryRun", true);
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
        return new Request(command, flag(fields, "force"), flag(fields, "dryRun"));
    }

    private static boolean flag(Map<String, Object> fields, String name) throws ProtocolException {
        Object value = fields.getOrDefault(name, false);
        if (!(value instanceof Boolean)) {
            throw new ProtocolException("request field \"" + name + "\" must be true or false, not " + value);
        }
        return (Boolean) value;
    }
}
