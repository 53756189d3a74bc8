package io.hotcert.challenge;

import java.io.IOException;

/**
 * Where the issuer puts the answer to an HTTP-01 challenge while it is in flight: with hotcert's
 * own responder ({@link ActiveChallenges}) or as a file for another web server
 * ({@link WebrootChallenges}). The issuer adds a token before it asks the CA to validate and
 * removes it when the challenge ends, whatever the outcome, so nobody answers for a challenge
 * that is over.
 */
public interface ChallengeAnswers {

    /** @throws IOException when the answer cannot be put where the CA will look for it; the message names where */
    void add(String token, String keyAuthorization) throws IOException;

    /**
     * Cannot fail in a way the issuer could act on: the challenge is over either way, so a
     * removal that went wrong is logged where it happened.
     */
    void remove(String token);
}
