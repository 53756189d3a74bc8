package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    private final Path file = Path.of("/etc/hotcert/hotcert.properties");

    @Test
    void listsEveryProblemOnItsOwnLine() {
        var e = new ConfigException(file, List.of("a: bad", "b: worse"));

        assertThat(e.getMessage()).isEqualTo("/etc/hotcert/hotcert.properties: 2 problems:\n  - a: bad\n  - b: worse");
        assertThat(e.problems()).containsExactly("a: bad", "b: worse");
        assertThat(e.file()).isEqualTo(file);
    }

    @Test
    void putsASingleProblemOnOneLine() {
        assertThat(new ConfigException(file, List.of("a: bad")).getMessage())
                .isEqualTo("/etc/hotcert/hotcert.properties: a: bad");
    }
}
