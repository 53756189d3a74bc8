package io.hotcert.config;

/**
 * Where the HTTPS listener's access log goes ({@code https.access-log}: {@code off} or
 * {@code journal}). There is no file: a board's flash should not be written once per request.
 */
public enum AccessLog {
    OFF,
    /** One line per request through the daemon's log (journald under systemd), rate-limited. */
    JOURNAL
}
