package io.hotcert.server;

import java.net.SocketAddress;

/**
 * A backend answer refused for the size of its head; what an operator needs to find the backend
 * at fault, and never the headers themselves.
 *
 * @param backend the backend's address
 * @param bytes   the size of the response head
 */
record OversizedResponseHead(SocketAddress backend, long bytes) {

    String problem() {
        return "the backend at " + backend + " sent " + bytes + " bytes of response headers, more than the "
                + HeadBoundExchange.MAX_RESPONSE_HEAD_BYTES + " allowed";
    }
}
