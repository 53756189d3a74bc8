package io.hotcert.tls;

import java.util.Arrays;

import javax.net.ssl.SSLEngine;

/**
 * The cipher suites and protocols an engine has enabled. Arrays, as {@link SSLEngine} trades them;
 * each caller gets a copy, so the ones kept here never change.
 */
final class EnabledSettings {

    private final String[] cipherSuites;
    private final String[] protocols;

    private EnabledSettings(String[] cipherSuites, String[] protocols) {
        this.cipherSuites = cipherSuites;
        this.protocols = protocols;
    }

    /** What {@code engine} has enabled now. */
    static EnabledSettings of(SSLEngine engine) {
        return new EnabledSettings(engine.getEnabledCipherSuites(), engine.getEnabledProtocols());
    }

    String[] cipherSuites() {
        return cipherSuites.clone();
    }

    String[] protocols() {
        return protocols.clone();
    }

    boolean hasCipherSuites(String[] others) {
        return Arrays.equals(cipherSuites, others);
    }

    boolean hasProtocols(String[] others) {
        return Arrays.equals(protocols, others);
    }
}
