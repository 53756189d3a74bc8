package io.hotcert.renewal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where {@link AttemptHistory} keeps its attempts between runs; {@code io.hotcert.state} implements it. */
public interface AttemptStore {

    /** Where they are kept, for log lines. */
    Path file();

    /**
     * The attempts as last written; empty when none were.
     *
     * @throws IOException when they cannot be read
     * @throws IllegalArgumentException when what is kept is not a well-formed history
     */
    Optional<RecordedAttempts> read() throws IOException;

    void write(RecordedAttempts attempts) throws IOException;
}
