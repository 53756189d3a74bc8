package io.hotcert.renewal;

import java.io.IOException;
import java.util.Optional;

/** Where {@link ClockSanity} keeps that the clock ran ahead of the CA's; {@code io.hotcert.state} implements it. */
public interface ClockAheadStore {

    /** What was kept; empty when nothing was, or it cannot be read (a wrong guess costs one order at most). */
    Optional<ClockAhead> load();

    void save(ClockAhead ahead) throws IOException;

    /** The clock agrees with the CA's again. */
    void delete() throws IOException;
}
