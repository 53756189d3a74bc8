package io.hotcert.renewal;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.storage.StoredSet;

/**
 * What happens to a new certificate set once it is stored: the daemon swaps it into its HTTPS
 * listener (and later runs hooks). It runs after the store, so it can no longer lose the set; a
 * step that fails reports that itself and does not undo the renewal.
 */
@FunctionalInterface
public interface Deployment {

    /** Nothing beyond the store: a one-shot renewal has no listener to update. */
    Deployment NONE = (set, stored) -> {
    };

    void deploy(CertificateSet set, StoredSet stored);
}
