package io.hotcert.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The budget and the key filter on fixed input; {@link DeployHookTest} shows them on a real process. */
class HookOutputTest {

    private static List<String> logged(String output, int maxLines, int maxChars) {
        List<String> lines = new ArrayList<>();
        new HookOutput(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), lines::add, maxLines,
                maxChars).run();
        return lines;
    }

    @Test
    void linesArePassedOnWithoutTheirEndingsIncludingAnUnfinishedLast() {
        assertThat(logged("one\r\ntwo\n\nthree", 10, 100)).containsExactly("one", "two", "", "three");
    }

    @Test
    void pastTheLineBudgetLinesAreOnlyCounted() {
        assertThat(logged("1\n2\n3\n4\n5", 2, 100)).containsExactly("1", "2", "(3 more lines not logged)");
    }

    @Test
    void pastTheCharacterBudgetTheLineIsCutAndTheRestCounted() {
        assertThat(logged("abcdef\nghijkl\nmn\n", 10, 8))
                .containsExactly("abcdef", "gh [cut]", "(1 more lines not logged)");
    }

    @Test
    void aHugeLineIsCutWithoutBeingKeptWhole() {
        assertThat(logged("x".repeat(1_000_000) + "\nnext\n", 10, 16))
                .containsExactly("x".repeat(16) + HookOutput.CUT_MARK, "(1 more lines not logged)");
    }

    @Test
    void aPrivateKeyBecomesOnePlaceholderLine() {
        String output = "before\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\nsecretbits\n-----END EC PRIVATE KEY-----\n"
                + "-----BEGIN CERTIFICATE-----\nMIIB\n";
        assertThat(logged(output, 10, 1000))
                .containsExactly("before", HookOutput.KEY_PLACEHOLDER, "-----BEGIN CERTIFICATE-----", "MIIB");
    }
}
