package io.hotcert.challenge;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP-01 challenges in flight: token to key authorization. The issuer adds a token before it
 * asks the CA to validate and removes it when the challenge ends, whatever the outcome, so the
 * responder never answers for a challenge that is over.
 */
public final class ActiveChallenges {

    private final ConcurrentMap<String, String> keyAuthorizations = new ConcurrentHashMap<>();

    public void add(String token, String keyAuthorization) {
        keyAuthorizations.put(token, keyAuthorization);
    }

    public void remove(String token) {
        keyAuthorizations.remove(token);
    }

    public Optional<String> keyAuthorization(String token) {
        return Optional.ofNullable(keyAuthorizations.get(token));
    }

    public boolean isEmpty() {
        return keyAuthorizations.isEmpty();
    }
}
