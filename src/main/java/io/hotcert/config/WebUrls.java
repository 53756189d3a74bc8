package io.hotcert.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Parses absolute web URLs restricted to given schemes. */
final class WebUrls {

    private WebUrls() {
    }

    /**
     * @param expected what the key wants, for the message (e.g. "an https:// URL")
     * @param schemes  the schemes allowed, lower-case
     */
    static URI parse(String text, String expected, List<String> schemes) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException('"' + text + "\" is not a URL (" + e.getReason() + "); expected " + expected);
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException('"' + text + "\" is not an absolute URL; expected " + expected);
        }
        if (!schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException('"' + text + "\" has the wrong scheme; expected " + expected);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException('"' + text + "\" has no host; expected " + expected);
        }
        return uri;
    }
}
