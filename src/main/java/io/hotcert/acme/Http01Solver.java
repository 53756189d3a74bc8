package io.hotcert.acme;

import java.io.IOException;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Http01Challenge;

import io.hotcert.challenge.ChallengeAnswers;
import io.hotcert.crypto.IpAddresses;

/**
 * HTTP-01 (RFC 8555 §8.3): the key authorization served at
 * {@code http://NAME/.well-known/acme-challenge/TOKEN}, by hotcert's own responder or from a webroot.
 */
public final class Http01Solver implements ChallengeSolver<Http01Challenge> {

    private final ChallengeAnswers answers;

    public Http01Solver(ChallengeAnswers answers) {
        this.answers = answers;
    }

    @Override
    public String type() {
        return Http01Challenge.TYPE;
    }

    @Override
    public Class<Http01Challenge> challengeClass() {
        return Http01Challenge.class;
    }

    /** The CA cannot fetch a URL for every name a wildcard stands for. */
    @Override
    public boolean accepts(Authorization authorization) {
        return !authorization.isWildcard();
    }

    @Override
    public Placed place(Authorization authorization, Http01Challenge challenge) throws IOException {
        answers.add(challenge.getToken(), challenge.getAuthorization());
        return () -> answers.remove(challenge.getToken());
    }

    /** An IPv6 address is written in brackets in a URL (RFC 3986), as the CA connects to it. */
    @Override
    public String whereCaLooks(Authorization authorization, Http01Challenge challenge) {
        return "http://" + IpAddresses.uriHost(authorization.getIdentifier().getValue())
                + "/.well-known/acme-challenge/" + challenge.getToken();
    }
}
