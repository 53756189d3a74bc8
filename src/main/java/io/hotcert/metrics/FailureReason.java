package io.hotcert.metrics;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.hotcert.acme.IssuanceException;
import io.hotcert.acme.IssuanceStep;
import io.hotcert.config.ConfigException;
import io.hotcert.crypto.ChainException;

/**
 * The {@code reason} label of a failed renewal: the ACME step that failed ({@code account},
 * {@code order}, {@code validation}, {@code finalize}, {@code download}), or {@code chain_check}
 * (the CA's chain was refused), {@code io} (disk or storage lock), {@code config}, {@code internal}
 * (a bug). A fixed set, so every series exists from the start and none is ever added by a message.
 */
final class FailureReason {

    static final String CHAIN_CHECK = "chain_check";
    static final String IO = "io";
    static final String CONFIG = "config";
    static final String INTERNAL = "internal";

    private FailureReason() {
    }

    static List<String> all() {
        return Stream.concat(Arrays.stream(IssuanceStep.values()).map(FailureReason::label),
                Stream.of(CHAIN_CHECK, IO, CONFIG, INTERNAL)).toList();
    }

    static String of(Exception failure) {
        if (failure instanceof IssuanceException issuance) {
            return label(issuance.step());
        }
        if (failure instanceof ChainException) {
            return CHAIN_CHECK;
        }
        if (failure instanceof IOException) {
            return IO;
        }
        if (failure instanceof ConfigException) {
            return CONFIG;
        }
        return INTERNAL;
    }

    private static String label(IssuanceStep step) {
        return step.name().toLowerCase(Locale.ROOT);
    }
}
