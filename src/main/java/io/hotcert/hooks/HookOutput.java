package io.hotcert.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Passes what a hook prints to the log line by line, to be run on its own thread: it reads to the
 * end whatever the budget, so a chatty hook never blocks on a full pipe, but past the budget it
 * only counts lines, so a runaway hook cannot flood the log of a board with little storage.
 *
 * <p>A PEM private key in the output (a hook that cats the wrong file) becomes one placeholder
 * line: logs travel further than the key file is allowed to.
 */
final class HookOutput implements Runnable {

    static final String KEY_PLACEHOLDER = "[private key not logged]";
    static final String CUT_MARK = " [cut]";

    private static final String KEY_LABEL_END = "PRIVATE KEY-----";

    private final InputStream in;
    private final Consumer<String> sink;
    private final int maxLines;
    private final int maxChars;

    // A line never shows more than maxChars characters, so more bytes than that need not be kept.
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean lineOverflowed;
    private boolean insidePrivateKey;
    private int loggedLines;
    private int loggedChars;
    private int unloggedLines;

    /**
     * @param sink     receives each line to log, without its line ending
     * @param maxLines how many lines to pass on at the most
     * @param maxChars how many characters to pass on at the most, over all lines
     */
    HookOutput(InputStream in, Consumer<String> sink, int maxLines, int maxChars) {
        this.in = in;
        this.sink = sink;
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    @Override
    public void run() {
        boolean lineStarted = false;
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        endLine();
                        lineStarted = false;
                    } else {
                        lineStarted = true;
                        keep(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The pipe went away with a killed hook: what was read is all there is.
        }
        if (lineStarted) {
            endLine();
        }
        if (unloggedLines > 0) {
            sink.accept("(" + unloggedLines + " more lines not logged)");
        }
    }

    private void keep(byte b) {
        if (line.size() < maxChars) {
            line.write(b);
        } else {
            lineOverflowed = true;
        }
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        boolean overflowed = lineOverflowed;
        line.reset();
        lineOverflowed = false;

        if (insidePrivateKey) {
            insidePrivateKey = !(text.contains("-----END ") && text.contains(KEY_LABEL_END));
            return;
        }
        if (text.contains("-----BEGIN ") && text.contains(KEY_LABEL_END)) {
            insidePrivateKey = true;
            text = KEY_PLACEHOLDER;
        }
        int room = maxChars - loggedChars;
        if (loggedLines >= maxLines || room <= 0) {
            unloggedLines++;
            return;
        }
        boolean cut = overflowed || text.length() > room;
        String shown = text.length() > room ? text.substring(0, room) : text;
        sink.accept(cut ? shown + CUT_MARK : shown);
        loggedLines++;
        loggedChars += shown.length();
    }
}
