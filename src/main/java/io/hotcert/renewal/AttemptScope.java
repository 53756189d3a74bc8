package io.hotcert.renewal;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import io.hotcert.crypto.KeyType;

/**
 * What renewal attempts are for: the CA, the names, the key type and the account as configured.
 * Failures under another scope say nothing about this one (a corrected {@code acme.directory}
 * has not failed yet), so a change starts a fresh {@link AttemptHistory}.
 *
 * @param account the configured account: its e-mail address or External Account Binding key id, if any
 */
public record AttemptScope(URI ca, List<String> names, KeyType keyType, Optional<String> account) {

    public AttemptScope {
        names = List.copyOf(new TreeSet<>(names));
    }

    /** As the history file keeps it and the log names it; equal scopes give equal text. */
    @Override
    public String toString() {
        return "CA " + ca + ", names " + String.join(",", names) + ", key type " + keyType + ", account "
                + account.orElse("(none configured)");
    }
}
