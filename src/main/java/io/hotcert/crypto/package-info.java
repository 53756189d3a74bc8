/**
 * Keys and certificates, with the JDK's providers and Bouncy Castle's PKIX classes: key types and
 * key pairs, PEM, signing requests, self-signed certificates (the bootstrap certificate the daemon
 * serves before its first ACME one) and {@link io.hotcert.crypto.ChainVerifier}, the check every
 * issued chain passes before {@code storage} may keep it: the key matches the leaf, each
 * certificate is signed by the next, the names are covered and the dates valid. It imports no
 * other {@code io.hotcert} package; {@code config}, {@code acme}, {@code renewal}, {@code storage}
 * and {@code tls} build on it.
 */
package io.hotcert.crypto;
