package io.hotcert.logging;

/** Folds text onto one log line. */
final class OneLine {

    private OneLine() {
    }

    static String of(String text) {
        return text == null ? "null" : text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }
}
