/**
 * The HTTPS listener's TLS: TLS 1.3 and 1.2 with forward-secret AEAD suites, on BoringSSL through
 * Netty where it loads or on the JDK's engine, over a key manager whose set is swapped with one
 * reference write, so renewed certificates reach new handshakes without a restart. Every set
 * passes {@link io.hotcert.tls.ServedCertificate}'s check before the swap; {@code daemon} swaps in
 * what {@code storage} holds, and {@code server} builds its HTTPS endpoint on the context. With
 * TLS-ALPN-01 configured, {@link io.hotcert.tls.AlpnValidations} gives the CA's {@code acme-tls/1}
 * handshakes the validation certificates {@code acme} puts there (JDK engine only).
 */
package io.hotcert.tls;
