package io.hotcert.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * POSIX signals for the daemon: SIGHUP reloads, SIGTERM and SIGINT stop. The JDK has no public
 * API for them; {@code sun.misc.Signal} is the supported way (module jdk.unsupported). Handling
 * SIGTERM here, instead of in a shutdown hook, lets the daemon drain and then exit 0.
 */
public final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread each time {@code name} (e.g. "HUP") arrives.
     * A signal the process was started with ignored (nohup, some supervisors) stays ignored: the
     * JVM quietly installs nothing, so that is said here instead of a reload that never happens.
     *
     * @return whether the signal will reach {@code action}
     */
    public static boolean on(String name, Runnable action) {
        SignalHandler previous = Signal.handle(new Signal(name), signal -> action.run());
        if (previous == SignalHandler.SIG_IGN) {
            LOG.warn("SIG{} was ignored when hotcert started (nohup?), so it stays ignored and does nothing;"
                    + " start hotcert without ignoring it", name);
            return false;
        }
        return true;
    }
}
