/**
 * {@code hotcert run}: serves first (the live set, or a self-signed certificate made in memory),
 * then renews in the background on one renewal thread that runs the scheduled checks from
 * {@code schedule}, the manual ones from {@code control} and the follow-ups after a failure;
 * reloads the configuration and {@code live/} on SIGHUP, drains on SIGTERM and tells systemd it is ready. It holds what
 * the daemon answers on its control socket and the dry run, and deploys a renewed set by swapping
 * it into {@code tls}'s key manager before {@code hooks} run.
 */
package io.hotcert.daemon;
