package io.hotcert.crypto;

/**
 * A certificate set that must not be stored or served. The message says what is wrong in terms an
 * operator can act on; it never contains key material.
 */
public class ChainException extends Exception {

    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
