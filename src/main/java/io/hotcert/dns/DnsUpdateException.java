package io.hotcert.dns;

import java.io.IOException;

/** A record could not be added, removed or seen; the message names the server and what it said. */
public class DnsUpdateException extends IOException {

    public DnsUpdateException(String message) {
        super(message);
    }

    public DnsUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
