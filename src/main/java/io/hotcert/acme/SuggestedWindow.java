package io.hotcert.acme;

import java.time.Instant;
import java.util.Optional;

/**
 * What the CA's renewalInfo resource (RFC 9773) said about one certificate.
 *
 * @param start       the start of the window in which the CA suggests renewing
 * @param end         its end; from then on renewal is overdue
 * @param retryAfter  when the CA wants to be asked again, if it said (Retry-After)
 * @param explanation a page that says why the window is what it is, if the CA gave one
 */
public record SuggestedWindow(Instant start, Instant end, Optional<Instant> retryAfter, Optional<String> explanation) {

    public SuggestedWindow {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("the suggested window ends (" + end + ") before it starts (" + start + ")");
        }
    }
}
