package io.hotcert.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.CapturedLogs;

class WebrootChallengesTest {

    private static final String TOKEN = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    private static final String THUMBPRINT = "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    private static final String KEY_AUTHORIZATION = TOKEN + "." + THUMBPRINT;

    @TempDir
    Path webroot;

    private WebrootChallenges answers() {
        return new WebrootChallenges(webroot, new AtomicFiles());
    }

    private Path challengeDir() {
        return webroot.resolve(".well-known/acme-challenge");
    }

    @Test
    void writesTheKeyAuthorizationWhereTheWebServerLooksReadableByIt() throws IOException {
        answers().add(TOKEN, KEY_AUTHORIZATION);

        Path file = challengeDir().resolve(TOKEN);
        assertThat(Files.readString(file)).isEqualTo(KEY_AUTHORIZATION);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(challengeDir()))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(challengeDir().getParent())))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void replacesAFileByRenamingANewOneOntoItLeavingNoTemporaryName() throws IOException {
        Files.createDirectories(challengeDir());
        Path file = challengeDir().resolve(TOKEN);
        Files.writeString(file, "left over from a power cut");
        Object before = Files.readAttributes(file, "unix:ino").get("ino");

        answers().add(TOKEN, KEY_AUTHORIZATION);

        // A new inode: the reader saw the old file or the whole new one, never a rewrite in place.
        assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isNotEqualTo(before);
        assertThat(Files.readString(file)).isEqualTo(KEY_AUTHORIZATION);
        assertThat(names(challengeDir())).containsExactly(TOKEN);
    }

    @Test
    void leavesDirectoriesTheOperatorMadeAsTheyAre() throws IOException {
        Files.createDirectories(challengeDir());
        Files.setPosixFilePermissions(challengeDir(), PosixFilePermissions.fromString("rwxrwxr-x"));

        answers().add(TOKEN, KEY_AUTHORIZATION);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(challengeDir()))).isEqualTo("rwxrwxr-x");
    }

    @Test
    void removingDeletesOnlyThatTokensFile() throws IOException {
        Files.createDirectories(challengeDir());
        Files.writeString(challengeDir().resolve("operators-own-check"), "ok");
        Files.writeString(challengeDir().resolve("." + TOKEN + ".tmp-someone-else"), "not ours");
        var answers = answers();
        answers.add(TOKEN, KEY_AUTHORIZATION);
        answers.add("other-token_1", "other-token_1." + THUMBPRINT);

        answers.remove(TOKEN);

        assertThat(names(challengeDir())).containsExactlyInAnyOrder("operators-own-check", "." + TOKEN
                + ".tmp-someone-else", "other-token_1");
        answers.remove("other-token_1");
        answers.remove("other-token_1");
        assertThat(names(challengeDir())).containsExactlyInAnyOrder("operators-own-check", "." + TOKEN
                + ".tmp-someone-else");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../../escaped", "a/b", "a\\b", "tok.en", "tok en", "tok\nen", "tök",
            "=padded=", "/etc/passwd"})
    void refusesATokenOutsideTheBase64UrlAlphabetAndWritesNothing(String token) throws IOException {
        Files.writeString(webroot.resolve("escaped"), "the operator's");

        assertThatThrownBy(() -> answers().add(token, token + "." + THUMBPRINT))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("refused the CA's http-01 token as a file name in " + challengeDir() + ": ")
                .hasMessageNotContaining(THUMBPRINT);
        answers().remove(token);

        assertThat(Files.exists(challengeDir())).isFalse();
        assertThat(Files.readString(webroot.resolve("escaped"))).isEqualTo("the operator's");
    }

    @Test
    void namesTheFileButNeverLogsTheKeyAuthorization() throws IOException {
        try (var logs = new CapturedLogs()) {
            var answers = answers();
            answers.add(TOKEN, KEY_AUTHORIZATION);
            answers.remove(TOKEN);

            assertThat(logs.text()).contains(challengeDir().resolve(TOKEN).toString()).doesNotContain(THUMBPRINT);
        }
    }

    @Test
    void aWebrootThatCannotTakeTheDirectoryFailsNamingWhere() throws IOException {
        Files.writeString(webroot.resolve(".well-known"), "a file where the directory should be");

        assertThatThrownBy(() -> answers().add(TOKEN, KEY_AUTHORIZATION))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(webroot.resolve(".well-known").toString());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
