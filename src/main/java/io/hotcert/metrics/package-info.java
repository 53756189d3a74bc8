/**
 * The Prometheus text served at {@code /metrics} on the optional metrics endpoint of
 * {@code server}: the certificate's end of validity, when it is due, renewals and failures by
 * step, swaps, fallbacks of {@code live/}, HTTPS requests by status class, the proxy's waits and
 * the TLS engine, and whether the clock can judge expiry and how far it runs ahead. The daemon
 * counts renewals, swaps and requests as they happen (the last success also from the attempt
 * history); everything else is read afresh at every scrape.
 */
package io.hotcert.metrics;
