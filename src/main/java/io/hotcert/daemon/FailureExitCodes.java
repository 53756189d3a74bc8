package io.hotcert.daemon;

import io.hotcert.acme.IssuanceException;
import io.hotcert.config.ConfigException;
import io.hotcert.control.ExitCodes;
import io.hotcert.storage.StorageLockedException;

/**
 * Which of the contract's exit codes a failure ends with: the same for a command that failed in
 * this process and for one the daemon ran on its behalf.
 */
public final class FailureExitCodes {

    private FailureExitCodes() {
    }

    public static int of(Exception e) {
        if (e instanceof ConfigException) {
            return ExitCodes.CONFIG;
        }
        if (e instanceof StorageLockedException
                || e instanceof IssuanceException issuance && issuance.isTemporary()) {
            return ExitCodes.TEMPORARY;
        }
        return ExitCodes.FAILURE;
    }
}
