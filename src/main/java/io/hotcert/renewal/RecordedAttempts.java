package io.hotcert.renewal;

import java.util.List;
import java.util.Optional;

/**
 * The attempt history as kept between runs.
 *
 * @param scope    what the attempts were for (see {@link AttemptScope}); empty in files from before it was kept
 * @param attempts oldest first
 */
public record RecordedAttempts(Optional<String> scope, List<Attempt> attempts) {

    public RecordedAttempts {
        attempts = List.copyOf(attempts);
    }
}
