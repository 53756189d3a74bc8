package io.hotcert.acme;

import java.io.IOException;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.TokenChallenge;

/**
 * One kind of ACME challenge hotcert can answer (http-01, and the kinds {@code acme.challenges}
 * names). The issuer tries the configured solvers in order and uses the first that accepts an
 * authorization and whose challenge the CA offers for it; it never falls back to another kind after a
 * failed validation, so one failure costs the CA's failed-validation limit once.
 */
public interface ChallengeSolver<C extends TokenChallenge> {

    /** The challenge type as the CA and {@code acme.challenges} name it, e.g. {@code http-01}. */
    String type();

    /** acme4j's class for that type. */
    Class<C> challengeClass();

    /** Whether this kind can prove control of the authorization's identifier at all (a wildcard needs dns-01). */
    boolean accepts(Authorization authorization);

    /**
     * Puts the answer where the CA will look, before the challenge is triggered.
     *
     * @return what takes the answer away again when the challenge is over, whatever its outcome
     * @throws IOException when the answer cannot be put there; the message names where
     * @throws InterruptedException when the daemon stops while the answer is being put in place
     */
    Placed place(Authorization authorization, C challenge) throws IOException, InterruptedException;

    /** Where the CA looks for the answer, for messages: a URL, a host and port, a DNS name. */
    String whereCaLooks(Authorization authorization, C challenge);

    /** An answer in place. */
    @FunctionalInterface
    interface Placed {
        /** Cannot fail in a way the issuer could act on: a removal that went wrong is logged where it happened. */
        void remove();
    }
}
