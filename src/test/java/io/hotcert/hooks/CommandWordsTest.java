package io.hotcert.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandWordsTest {

    private static List<String> words(String text) {
        return CommandWords.parse(text).words();
    }

    @Test
    void blanksSeparateWordsAndRunsOfThemCountOnce() {
        assertThat(words("  systemctl \t reload\nnginx  ")).containsExactly("systemctl", "reload", "nginx");
        assertThat(CommandWords.parse("systemctl reload nginx").program()).isEqualTo("systemctl");
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(words("echo 'two  words' 'a \\ \"b\" $c'")).containsExactly("echo", "two  words", "a \\ \"b\" $c");
    }

    @Test
    void doubleQuotesUnescapeOnlyQuoteBackslashDollarAndBacktick() {
        assertThat(words("echo \"say \\\"hi\\\" \\\\ \\$HOME \\` \\n\""))
                .containsExactly("echo", "say \"hi\" \\ $HOME ` \\n");
    }

    @Test
    void aBackslashOutsideQuotesKeepsTheNextCharacter() {
        assertThat(words("echo two\\ words \\'x \\\\")).containsExactly("echo", "two words", "'x", "\\");
    }

    @Test
    void quotedPiecesJoinTheWordAroundThem() {
        assertThat(words("a'b c'\"d e\"f")).containsExactly("ab cd ef");
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() {
        assertThat(words("printf '' \"\"")).containsExactly("printf", "", "");
    }

    @Test
    void shellSyntaxIsPlainText() {
        assertThat(words("echo $HOME * a|b >out; `id`")).containsExactly("echo", "$HOME", "*", "a|b", ">out;", "`id`");
    }

    @Test
    void anUnclosedQuoteIsRejectedWithItsPositionButNotTheText() {
        assertThatThrownBy(() -> CommandWords.parse("notify --token s3cret 'oops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unbalanced quotes: the single quote at character 23 is never closed");
        assertThatThrownBy(() -> CommandWords.parse("echo \"a\\\""))
                .hasMessage("unbalanced quotes: the double quote at character 6 is never closed");
    }

    @Test
    void aTrailingBackslashIsRejected() {
        assertThatThrownBy(() -> CommandWords.parse("echo a\\"))
                .hasMessage("the backslash at the end of the command escapes nothing");
    }

    @Test
    void aBlankCommandIsRejected() {
        assertThatThrownBy(() -> CommandWords.parse(" \t ")).hasMessage("the command is empty");
    }
}
