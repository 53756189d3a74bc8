package io.hotcert.acme;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one order brought: the chain, and how the CA was convinced, so that {@code status} can say
 * which challenge a board's renewals rely on.
 *
 * @param chain      leaf first, then intermediates
 * @param challenges the distinct challenge types the CA validated for this order ({@code http-01},
 *                   {@code tls-alpn-01}, {@code dns-01}), in the order first used; empty when every
 *                   authorization was still valid from an earlier order
 */
public record Issued(List<X509Certificate> chain, List<String> challenges) {

    public Issued {
        chain = List.copyOf(chain);
        challenges = List.copyOf(challenges);
    }
}
