/**
 * The control socket, a Unix socket through which {@code hotcert renew} and {@code hotcert status}
 * reach the running daemon: one JSON request line, progress lines, one reply line carrying the
 * contract's exit code. {@code ControlClient} is the command line's side (or learns that no daemon
 * runs, so the command works in-process); {@code ControlServer} is the daemon's, bounded so that a
 * silent or hostile client costs it little, and hands each request to the handler {@code daemon}
 * provides.
 */
package io.hotcert.control;
