package io.hotcert.storage;

import java.net.URI;
import java.net.URL;

/**
 * The ACME account registered for this installation: the directory it was registered with (so
 * that a changed {@code acme.directory} is noticed and leads to a new registration) and the
 * account URL the CA gave it.
 */
public record AccountRecord(URI directory, URL location) {
}
