package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A configuration that means something other than what the operator reads is an error naming the
 * key: whitespace at an end of a value, invisible characters anywhere, a file that is not UTF-8.
 */
class HiddenTextTest {

    @TempDir
    Path dir;

    private List<String> problems(String storageDirLine) throws Exception {
        Path file = dir.resolve("hotcert.properties");
        Files.writeString(file, "domains=example.com\nhttps.backend=http://127.0.0.1:8080\n" + storageDirLine + "\n",
                StandardCharsets.UTF_8);
        return catchThrowableOfType(() -> new SettingsLoader(Map.of()).load(file), ConfigException.class).problems();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "storage.dir=/var/lib/x\\u0020      | ends with a space (U+0020)",
            "storage.dir=/var/lib/x\\t          | contains an invisible character, U+0009 (tab), at position 11",
            "storage.dir=/var/lib/x\\u00a0      | ends with a no-break space (U+00A0)",
            "storage.dir=\\u3000/var/lib/x      | starts with a ideographic space (U+3000)",
            "storage.dir=/var/lib/x\\uFEFF      | contains an invisible character, U+FEFF (byte order mark), at position 11",
            "storage.dir=/var/lib/\\u200Bx      | contains an invisible character, U+200B (zero width space), at position 10",
            "storage.dir=/var/lib/\\u200Dx      | contains an invisible character, U+200D (zero width joiner), at position 10",
            "storage.dir=/var/\\u202Elib        | contains an invisible character, U+202E (right-to-left override), at position 6"})
    void hiddenCharactersInAValueAreAnErrorNamingTheKey(String line, String expected) throws Exception {
        // Escaped in the file as an operator's editor could not show them either; Properties decodes them.
        assertThat(problems(line.strip())).singleElement().asString()
                .startsWith("storage.dir: the value " + expected.strip())
                .doesNotContain("/var/lib");
    }

    @Test
    void theRealCharactersAreCaughtAsWellAsTheirEscapes() throws Exception {
        assertThat(problems("storage.dir=/var/lib/x\u200B")).singleElement().asString()
                .startsWith("storage.dir: the value contains an invisible character, U+200B");
        assertThat(problems("storage.dir=/var/lib/x ")).singleElement().asString()
                .startsWith("storage.dir: the value ends with a space");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstKeyIsNamedNotTakenForAnUnknownKey() throws Exception {
        Path file = dir.resolve("hotcert.properties");
        Files.writeString(file, "\uFEFFdomains=example.com\nhttps.backend=http://127.0.0.1:8080\n", StandardCharsets.UTF_8);

        var problems = catchThrowableOfType(() -> new SettingsLoader(Map.of()).load(file), ConfigException.class)
                .problems();

        assertThat(problems).contains("domains: the key contains an invisible character, U+FEFF (byte order mark),"
                + " at position 1; remove it");
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLine() throws Exception {
        Path file = dir.resolve("hotcert.properties");
        byte[] latin1 = "domains=example.com\n# caf\u00e9\nhttps.backend=http://127.0.0.1:8080\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);

        var problems = catchThrowableOfType(() -> new SettingsLoader(Map.of()).load(file), ConfigException.class)
                .problems();

        assertThat(problems).singleElement().asString()
                .contains("the file is not UTF-8: line 2 has bytes that are not UTF-8 text")
                .doesNotContain("Exception");
    }

    @Test
    void spacesInsideAValueStayAllowed() throws Exception {
        Path file = dir.resolve("hotcert.properties");
        Files.writeString(file, "domains=example.com, www.example.com\nhttps.backend=http://127.0.0.1:8080\n"
                + "hooks.deploy=systemctl reload nginx\n", StandardCharsets.UTF_8);

        Settings settings = new SettingsLoader(Map.of()).load(file);

        assertThat(settings.deployHook()).contains("systemctl reload nginx");
    }
}
