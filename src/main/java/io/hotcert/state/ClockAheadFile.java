package io.hotcert.renewal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import io.hotcert.storage.AtomicFiles;

/**
 * {@code storage.dir/state/clock.json}: that the clock ran ahead of the CA's when the newest
 * certificate arrived, kept across restarts since a board in a reboot loop with a fast clock would
 * otherwise order again at every start. No file means the clock agreed with the CA.
 */
public final class ClockAheadFile {

    static final String FILE = "clock.json";
    private static final int FORMAT = 1;
    private static final long MAX_FILE_SIZE = 4 * 1024;

    private final StateFile file;

    public ClockAheadFile(Path storageDir, AtomicFiles files) {
        this.file = new StateFile(storageDir, FILE, files, MAX_FILE_SIZE);
    }

    /** An unreadable file counts as none, with a warning: a wrong guess here costs one order at most. */
    public Optional<ClockAhead> load() {
        return file.load(ClockAheadFile::decode, "what the CA's last certificate said about the clock",
                "trusting the clock");
    }

    public void save(ClockAhead ahead) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("seenAt", ahead.seenAt().toString());
        json.put("caTime", ahead.caTime().toString());
        json.put("serial", ahead.serial());
        file.write((JsonUtil.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void delete() throws IOException {
        file.delete();
    }

    private static ClockAhead decode(String text) throws JoseException {
        Map<String, Object> json = StateFile.json(text, FORMAT);
        return new ClockAhead(Instant.parse(StateFile.text(json, "seenAt")),
                Instant.parse(StateFile.text(json, "caTime")), StateFile.text(json, "serial"));
    }
}
