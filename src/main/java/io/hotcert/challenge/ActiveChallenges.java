package io.hotcert.challenge;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP-01 challenges in flight for hotcert's own responder ({@link Http01Handler}): token to
 * key authorization, in memory.
 */
public final class ActiveChallenges implements ChallengeAnswers {

    private final ConcurrentMap<String, String> keyAuthorizations = new ConcurrentHashMap<>();

    @Override
    public void add(String token, String keyAuthorization) {
        keyAuthorizations.put(token, keyAuthorization);
    }

    @Override
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
