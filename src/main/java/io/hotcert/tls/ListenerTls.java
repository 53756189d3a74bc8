package io.hotcert.tls;

import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The TLS an HTTPS listener runs on: the engine chosen and its context, built over the swappable
 * key manager, and the TLS-ALPN-01 validations it answers when that challenge is configured.
 */
public record ListenerTls(TlsEngine engine, SSLContext context, Optional<AlpnValidations> validations) {

    /** Readies one accepted connection's engine before its handshake: without validations, nothing to do. */
    public void prepare(SSLEngine connection) {
        validations.ifPresent(answers -> answers.arm(connection));
    }

    /** Whether the handshake of {@code connection} was all it is for: a TLS-ALPN-01 validation. */
    public boolean endsWithHandshake(SSLEngine connection) {
        return validations.isPresent() && AlpnValidations.ACME_TLS_1.equals(connection.getApplicationProtocol());
    }
}
