package io.hotcert.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** What tests ask of a loopback port. */
public final class Loopback {

    private Loopback() {
    }

    /** Whether something listens on {@code port} of 127.0.0.1 and takes a connection. */
    public static boolean accepts(int port) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
