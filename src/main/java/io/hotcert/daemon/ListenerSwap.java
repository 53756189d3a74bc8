package io.hotcert.daemon;

import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainException;
import io.hotcert.renewal.Deployment;
import io.hotcert.storage.StoredSet;
import io.hotcert.tls.ServedCertificate;

/** The daemon's deployment of a renewed set: swap it into the HTTPS listener. */
public final class ListenerSwap implements Deployment {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSwap.class);

    private final ServedCertificate served;
    private final LongAdder swaps;

    /** @param swaps counts the sets swapped in, for the metrics */
    public ListenerSwap(ServedCertificate served, LongAdder swaps) {
        this.served = served;
        this.swaps = swaps;
    }

    @Override
    public void deploy(CertificateSet set, StoredSet stored) {
        try {
            served.install(set, "renewed live set " + stored.id());
            swaps.increment();
        } catch (ChainException e) {
            // The renewal already checked the set with the same clock, so this means the clock jumped.
            LOG.error("renewed set {} is stored but not served: {}", stored.id(), e.getMessage());
        }
    }
}
