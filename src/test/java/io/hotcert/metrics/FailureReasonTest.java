package io.hotcert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hotcert.acme.IssuanceException;
import io.hotcert.acme.IssuanceStep;
import io.hotcert.config.ConfigException;
import io.hotcert.crypto.ChainException;

class FailureReasonTest {

    @Test
    void namesTheStepOrTheKindOfFailure() {
        assertThat(FailureReason.of(new IssuanceException(IssuanceStep.VALIDATION, "x", false, null, null)))
                .isEqualTo("validation");
        assertThat(FailureReason.of(new IssuanceException(IssuanceStep.ORDER, "x", true, null, null)))
                .isEqualTo("order");
        assertThat(FailureReason.of(new ChainException("x"))).isEqualTo("chain_check");
        assertThat(FailureReason.of(new IOException("disk full"))).isEqualTo("io");
        assertThat(FailureReason.of(new ConfigException(Path.of("/etc/hotcert/hotcert.properties"), List.of("x"))))
                .isEqualTo("config");
        assertThat(FailureReason.of(new IllegalStateException("bug"))).isEqualTo("internal");
    }

    @Test
    void everyReasonIsKnownUpFront() {
        assertThat(FailureReason.all()).containsExactly("account", "order", "validation", "finalize", "download",
                "chain_check", "io", "config", "internal");
    }
}
