/**
 * What renewal remembers between runs, as small files under {@code storage.dir/state}: the attempt
 * history ({@code renewal.json}), the CA's renewal plan ({@code renewal-info.json}) and how far
 * the clock ran ahead of the CA's ({@code clock.json}). Each is read whole and replaced
 * atomically; nothing secret is kept, so monitoring may read them. {@code renewal} decides, this
 * package keeps what it decided; {@code status} reads the same files when no daemon runs.
 */
package io.hotcert.state;
