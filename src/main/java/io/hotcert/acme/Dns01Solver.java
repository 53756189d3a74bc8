package io.hotcert.acme;

import java.io.IOException;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Dns01Challenge;

import io.hotcert.dns.ChallengeRecords;

/**
 * DNS-01 (RFC 8555 §8.4): the challenge's digest as a TXT record at {@code _acme-challenge.NAME},
 * put in the zone by a signed dynamic update and visible on every authoritative server before the
 * CA is asked. The one kind that proves a wildcard, and one that needs no inbound port.
 */
public final class Dns01Solver implements ChallengeSolver<Dns01Challenge> {

    private final ChallengeRecords records;

    public Dns01Solver(ChallengeRecords records) {
        this.records = records;
    }

    @Override
    public String type() {
        return Dns01Challenge.TYPE;
    }

    @Override
    public Class<Dns01Challenge> challengeClass() {
        return Dns01Challenge.class;
    }

    /** DNS names, wildcards included; an IP address has no zone to put a record in. */
    @Override
    public boolean accepts(Authorization authorization) {
        return Identifier.TYPE_DNS.equals(authorization.getIdentifier().getType());
    }

    @Override
    public Placed place(Authorization authorization, Dns01Challenge challenge) throws IOException, InterruptedException {
        return records.publish(challenge.getRRName(authorization.getIdentifier()), challenge.getDigest())::withdraw;
    }

    @Override
    public String whereCaLooks(Authorization authorization, Dns01Challenge challenge) {
        return "TXT " + challenge.getRRName(authorization.getIdentifier());
    }
}
