/**
 * The daemon's Undertow web server: the plain-HTTP port, the HTTPS listener (reverse proxy to
 * {@code https.backend} or static files) and the metrics port on one fixed set of IO threads, with
 * limits on heads, idle time, connections per client address, TLS handshakes and HTTP/2 frames, a
 * bounded and honest proxy (502, 503, 504), request counts and a drain on stop. It serves whatever
 * {@code tls}'s key manager holds, so a renewal never restarts it; {@code app} gives it the
 * handlers of {@code challenge}, {@code metrics} and its own proxy or files.
 */
package io.hotcert.server;
