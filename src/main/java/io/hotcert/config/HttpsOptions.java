package io.hotcert.config;

import java.time.Duration;
import java.util.Optional;

/**
 * What the HTTPS listener adds to what it serves, both off unless asked for.
 *
 * @param hsts      the {@code max-age} of the Strict-Transport-Security header sent with every HTTPS
 *                  response; empty (from {@code https.hsts} absent or {@code 0s}) sends none
 * @param accessLog whether each HTTPS request is logged
 */
public record HttpsOptions(Optional<Duration> hsts, AccessLog accessLog) {

    public HttpsOptions {
        if (hsts.isPresent() && (hsts.get().isNegative() || hsts.get().isZero())) {
            throw new IllegalArgumentException("an HSTS max-age must be positive: " + hsts.get());
        }
    }
}
