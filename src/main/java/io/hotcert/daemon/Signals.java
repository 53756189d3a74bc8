package io.hotcert.daemon;

import sun.misc.Signal;

/**
 * POSIX signals for the daemon: SIGHUP reloads, SIGTERM and SIGINT stop. The JDK has no public
 * API for them; {@code sun.misc.Signal} is the supported way (module jdk.unsupported). Handling
 * SIGTERM here, instead of in a shutdown hook, lets the daemon drain and then exit 0.
 */
public final class Signals {

    private Signals() {
    }

    /** Runs {@code action} on the JVM's signal thread each time {@code name} (e.g. "HUP") arrives. */
    public static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), signal -> action.run());
    }
}
