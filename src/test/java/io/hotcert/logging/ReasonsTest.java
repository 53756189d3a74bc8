package io.hotcert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

/** Failures in words an operator reads, never a Java class name. */
class ReasonsTest {

    @Test
    void fileSystemFailuresSayWhatHappenedToWhichFile() {
        assertThat(Reasons.of(new AccessDeniedException("/var/lib/hotcert/live"))).isEqualTo("/var/lib/hotcert/live: permission denied");
        assertThat(Reasons.of(new NoSuchFileException("/etc/hotcert/x"))).isEqualTo("/etc/hotcert/x: no such file or directory");
        assertThat(Reasons.of(new FileSystemException("/data/k", null, "Read-only file system")))
                .isEqualTo("/data/k: Read-only file system");
    }

    @Test
    void failuresWithoutAUsefulMessageAreNamedInWords() {
        assertThat(Reasons.of(new ConnectException())).isEqualTo("connection refused");
        assertThat(Reasons.of(new ClosedChannelException())).isEqualTo("the connection was closed");
        assertThat(Reasons.of(new MalformedInputException(1))).isEqualTo("the text is not valid UTF-8");
        assertThat(Reasons.of(new IllegalStateException())).isEqualTo("illegal state");
    }

    @Test
    void classNamesInsideMessagesAreTakenOut() {
        assertThat(Reasons.of(new IOException("java.net.ConnectException: Connection refused")))
                .isEqualTo("Connection refused");
        assertThat(Reasons.of(new IOException("the CA cannot be reached: ClosedChannelException")))
                .isEqualTo("the CA cannot be reached: the connection was closed");
        assertThat(Reasons.of(new IOException("Connection timed out"))).isEqualTo("Connection timed out");
    }
}
