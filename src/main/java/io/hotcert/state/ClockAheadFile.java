package io.hotcert.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.hotcert.renewal.ClockAhead;
import io.hotcert.renewal.ClockAheadStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * {@code storage.dir/state/clock.json}: that the clock ran ahead of the CA's when the newest
 * certificate arrived, kept across restarts since a board in a reboot loop with a fast clock would
 * otherwise order again at every start. No file means the clock agreed with the CA.
 */
public final class ClockAheadFile implements ClockAheadStore {

    private static final int FORMAT = 1;
    private static final long MAX_FILE_SIZE = 4 * 1024;

    private final StateFile file;

    public ClockAheadFile(Path storageDir, AtomicFiles files) {
        this.file = new StateFile(StorageLayout.absolute(storageDir).clockAhead(), files, MAX_FILE_SIZE);
    }

    /** An unreadable file counts as none, with a warning. */
    @Override
    public Optional<ClockAhead> load() {
        return file.load(ClockAheadFile::decode, "what the CA's last certificate said about the clock",
                "trusting the clock");
    }

    @Override
    public void save(ClockAhead ahead) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("seenAt", ahead.seenAt().toString());
        json.put("caTime", ahead.caTime().toString());
        json.put("serial", ahead.serial());
        file.write(json);
    }

    @Override
    public void delete() throws IOException {
        file.delete();
    }

    private static ClockAhead decode(String text) throws IOException {
        Map<String, Object> json = StateFile.json(text, FORMAT);
        return new ClockAhead(Instant.parse(StateFile.text(json, "seenAt")),
                Instant.parse(StateFile.text(json, "caTime")), StateFile.text(json, "serial"));
    }
}
