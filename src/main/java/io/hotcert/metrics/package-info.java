/**
 * The Prometheus text served at {@code /metrics} on the optional metrics endpoint of
 * {@code server}: the build, the certificate's end of validity, when renewal is planned, renewals
 * and failures by step, swaps, fallbacks of {@code live/}, the TLS engine, and whether the clock
 * can judge expiry and how far it runs ahead; the golden signals of the web server (HTTPS
 * requests by status class and by duration, the proxy's backend time and waits, connections open
 * and ended by each limit); and the standard {@code process_*} and JVM memory and thread
 * families. The daemon and {@code server} count as things happen (the last success also from the
 * attempt history); everything else is read afresh at every scrape.
 */
package io.hotcert.metrics;
