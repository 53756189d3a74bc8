/**
 * Everything under {@code storage.dir}, written so that a power cut at any moment leaves a
 * matching key and chain: {@code StorageLayout} names every path and file mode there, atomic files
 * (temporary name, final permissions from the start, fsync, rename), the {@code archive/ID} sets
 * with {@code live} switched by one rename and repaired when damaged, the ACME account, and the
 * lock that keeps two renewals apart. It receives checked sets from {@code renewal}'s service and
 * hands the live set to the daemon's listener and the status.
 */
package io.hotcert.storage;
