package io.hotcert.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToIntFunction;

/** Levenshtein distance, to suggest the key a user most likely meant when they mistyped one. */
final class EditDistance {

    private EditDistance() {
    }

    /**
     * The candidate nearest to {@code word} if it is at most {@code maxDistance} edits away,
     * ignoring case; on a tie the earlier candidate wins.
     */
    static Optional<String> closest(String word, Collection<String> candidates, int maxDistance) {
        String lowerWord = word.toLowerCase(Locale.ROOT);
        ToIntFunction<String> distance = candidate -> between(lowerWord, candidate.toLowerCase(Locale.ROOT));
        return candidates.stream()
                .filter(candidate -> distance.applyAsInt(candidate) <= maxDistance)
                .min(Comparator.comparingInt(distance));
    }

    /** The number of single-character insertions, deletions and substitutions turning a into b. */
    static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
