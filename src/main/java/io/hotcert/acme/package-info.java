/**
 * Account and issuance over ACME (RFC 8555) with acme4j: the account is registered once (again
 * when the CA forgot it) and kept through {@code storage}; {@code AcmeIssuer} orders every name and
 * address, answers each authorization with the first configured {@link io.hotcert.acme.ChallengeSolver}
 * that can (HTTP-01 through {@code challenge}, TLS-ALPN-01 through {@code tls}, DNS-01 through
 * {@code dns}), finalizes with a CSR
 * for the domain key and downloads the chain. It also asks the CA's renewalInfo (RFC 9773),
 * decides the trust for the CA's own HTTPS (the system's store plus {@code acme.trust-store}), and
 * says whether a failure is temporary (exit 75, back off) or needs a person (exit 1). It receives
 * its orders from {@code renewal}'s service through {@link io.hotcert.acme.CertificateIssuer} and
 * hands back an unchecked chain; it stores nothing.
 */
package io.hotcert.acme;
