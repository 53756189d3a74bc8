package io.hotcert.logging;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why something failed, in words for the operator: the JDK's exceptions often carry only a file
 * name (the kind of failure is in the class name) or no message at all, and class names are not
 * something a person reading the journal or a terminal should have to decode.
 */
public final class Reasons {

    /** What a file system exception means; its message is the file (or "file -> other") only. */
    private static final Map<String, String> FILE_PROBLEMS = Map.of(
            "AccessDeniedException", "permission denied",
            "NoSuchFileException", "no such file or directory",
            "FileAlreadyExistsException", "already exists",
            "DirectoryNotEmptyException", "directory not empty",
            "NotDirectoryException", "not a directory",
            "NotLinkException", "not a symbolic link",
            "AtomicMoveNotSupportedException", "cannot be renamed atomically (another file system?)",
            "FileSystemLoopException", "too many levels of symbolic links");

    /** What a failure means when it comes without a message, as these often do. */
    private static final Map<String, String> WITHOUT_MESSAGE = Map.of(
            "ConnectException", "connection refused",
            "ClosedChannelException", "the connection was closed",
            "AsynchronousCloseException", "the connection was closed",
            "EOFException", "the data ended early",
            "HttpConnectTimeoutException", "timed out while connecting",
            "HttpTimeoutException", "timed out waiting for the answer",
            "SocketTimeoutException", "timed out");

    /** Failures whose message ("Input length = 1") says nothing a person can use. */
    private static final Map<String, String> MEANINGLESS_MESSAGE = Map.of(
            "MalformedInputException", "the text is not valid UTF-8",
            "UnmappableCharacterException", "the text is not valid UTF-8");

    /**
     * A class name of an exception inside a message, as libraries write them ("java.net.ConnectException:
     * Connection refused"), with the ": " that introduces its own message.
     */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)*([A-Z][A-Za-z0-9_]*(?:Exception|Error))\\b(: )?");

    private Reasons() {
    }

    /** {@code failure} in words; never its class name. */
    public static String of(Throwable failure) {
        return of(failure.getClass().getName(), failure.getMessage());
    }

    /** As {@link #of(Throwable)}, from a class name and message (e.g. a logging event's copy of the exception). */
    public static String of(String className, String message) {
        String type = className.substring(className.lastIndexOf('.') + 1);
        String fileProblem = FILE_PROBLEMS.get(type);
        if (fileProblem != null) {
            return message == null ? fileProblem : message + ": " + fileProblem;
        }
        boolean noMessage = message == null || message.isBlank();
        String plain = noMessage ? WITHOUT_MESSAGE.get(type) : MEANINGLESS_MESSAGE.get(type);
        if (plain != null) {
            return plain;
        }
        if (type.equals("UnknownHostException")) {
            return "unknown host" + (message == null ? "" : " " + message);
        }
        return noMessage ? words(type) : withoutClassNames(message);
    }

    /** "java.io.IOException: disk full" as "disk full", a bare "ClosedChannelException" as "the connection was closed". */
    private static String withoutClassNames(String message) {
        Matcher matcher = CLASS_NAME.matcher(message);
        var text = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(text, Matcher.quoteReplacement(matcher.group(2) != null ? ""
                    : of(matcher.group(1), null)));
        }
        matcher.appendTail(text);
        return text.toString();
    }

    /** "IllegalStateException" as "illegal state": better than nothing, and no class name. */
    private static String words(String type) {
        String name = type.replaceFirst("(Exception|Error)$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
