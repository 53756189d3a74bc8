package io.hotcert.tls;

/** The native TLS engine was asked for and cannot run here; the message says why. */
public final class NativeTlsUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    NativeTlsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
