/**
 * DNS-01's side of DNS: the {@code _acme-challenge} TXT records added to and removed from the zone's
 * primary server with RFC 2136 updates signed by a TSIG key ({@code DnsUpdater}), and the wait until
 * every authoritative server of the zone answers the record ({@code TxtPropagation}), so the CA is
 * asked only once it can see it. {@code acme}'s DNS-01 solver drives both through
 * {@code ChallengeRecords}; {@code app} builds them from the {@code dns.*} settings. Depends on no
 * other {@code io.hotcert} package.
 */
package io.hotcert.dns;
