package io.hotcert.cli;

import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Keeps the JVM's platform MBean server from being built. XNIO registers its workers as MBeans
 * whenever a platform server can be had, and building one loads about 300 JMX classes (2 MB of a
 * board's memory, tens of milliseconds of start) for a console nobody attaches to a board. XNIO
 * treats a refusal as "no JMX". {@code jcmd} and JFR do not need the platform server.
 */
public final class JmxOff extends MBeanServerBuilder {

    static final String BUILDER_PROPERTY = "javax.management.builder.initial";

    /** Turns JMX off for this JVM unless the operator chose a builder of their own. */
    static void unlessConfigured() {
        if (System.getProperty(BUILDER_PROPERTY) == null) {
            System.setProperty(BUILDER_PROPERTY, JmxOff.class.getName());
        }
    }

    @Override
    public MBeanServerDelegate newMBeanServerDelegate() {
        throw new UnsupportedOperationException("hotcert runs without JMX (" + BUILDER_PROPERTY + "="
                + JmxOff.class.getName() + "); start it with -D" + BUILDER_PROPERTY
                + "=javax.management.MBeanServerBuilder to have it");
    }
}
