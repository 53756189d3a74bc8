package io.hotcert.server;

import java.nio.file.Path;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;

/**
 * Serves {@code https.static-dir}: files only, {@code index.html} for a directory, no listings,
 * and no symbolic links out of the directory. Reading files happens on the worker threads.
 */
public final class StaticFiles {

    /** Files at least this large are sent with the kernel's transferTo rather than through buffers. */
    private static final long TRANSFER_MIN_BYTES = 16 * 1024;

    private StaticFiles() {
    }

    public static HttpHandler from(Path directory) {
        var files = new PathResourceManager(directory, TRANSFER_MIN_BYTES, true, false);
        return new ResourceHandler(files)
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
    }
}
