package io.hotcert.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.testing.CapturedLogs;

class BuildInfoTest {

    @TempDir
    Path classPath;

    private ClassLoader resourcesWith(String content) throws IOException {
        Files.writeString(classPath.resolve(BuildInfo.RESOURCE), content);
        return new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null);
    }

    @Test
    void theStampedBuildTimeIsTheBuildTime() throws IOException {
        var info = new BuildInfo(resourcesWith("build.time=2026-11-21T09:15:00Z\n"), BuildInfoTest.class);

        assertThat(info.buildTime()).isEqualTo(Instant.parse("2026-11-21T09:15:00Z"));
    }

    @Test
    void anUnfilteredResourceFallsBackToTheClassFileQuietly() throws Exception {
        Instant classFileTime = Files.getLastModifiedTime(
                Path.of(BuildInfoTest.class.getResource("BuildInfoTest.class").toURI())).toInstant();

        try (var logs = new CapturedLogs()) {
            var info = new BuildInfo(resourcesWith("build.time=${maven.build.timestamp}\n"), BuildInfoTest.class);

            assertThat(info.buildTime()).isEqualTo(classFileTime);
            assertThat(logs.text()).isEmpty();
        }
    }

    @Test
    void withNeitherResourceNorClassFileTheEpochIsTheBound() throws IOException {
        // String comes from the runtime image (jrt:), which has no file to look at.
        var info = new BuildInfo(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null), String.class);

        assertThat(info.buildTime()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void theRealBuildTimeIsInThePast() {
        assertThat(new BuildInfo().buildTime()).isAfter(Instant.parse("2024-01-01T00:00:00Z")).isBeforeOrEqualTo(Instant.now());
    }
}
