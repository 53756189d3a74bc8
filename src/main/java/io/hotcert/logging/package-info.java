/**
 * hotcert's log lines: the built-in journald format (a syslog priority prefix, one line per event,
 * line breaks written as {@code \n}), set up without parsing XML; failures described in words
 * instead of exception class names ({@link io.hotcert.logging.Reasons}); and stdout kept clean
 * while a command prints its result there. Every package logs through SLF4J; this package decides
 * what reaches the journal.
 */
package io.hotcert.logging;
