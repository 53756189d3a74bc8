/**
 * What {@code hotcert status} shows: the certificate, the planned renewal, the next check, the
 * last attempts, the account and the warnings, collected in the running daemon (which knows its
 * timer) or from the files of {@code storage} and {@code state} when none runs, as one report
 * rendered for a person or as JSON. It only reads; the daemon answers {@code status} through
 * {@code control} with it.
 */
package io.hotcert.status;
