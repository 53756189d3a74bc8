/**
 * What renewal remembers between runs, as small JSON files in {@code storage.dir/state}: the
 * attempt history (the backoff survives a restart), the CA's last renewal information and that the
 * clock ran ahead of the CA's. {@code io.hotcert.renewal} decides and declares the stores it needs
 * ({@code AttemptStore}, {@code RenewalInfoStore}, {@code ClockAheadStore}); this package implements
 * them on top of {@code io.hotcert.storage}'s layout and atomic writes, so it depends on renewal and
 * never the other way round. Every file carries a format number, is read whole only up to a size
 * hotcert would write, and an unreadable one is advice lost, with a warning, never a daemon that
 * cannot start.
 */
package io.hotcert.state;
