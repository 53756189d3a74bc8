package io.hotcert.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS-01 answer's life: added on the primary, visible on every authoritative server before the
 * CA is asked, removed afterwards whatever the outcome.
 */
public final class ChallengeRecords {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeRecords.class);

    private final DnsUpdater updater;
    private final TxtPropagation propagation;

    public ChallengeRecords(DnsUpdater updater, TxtPropagation propagation) {
        this.updater = updater;
        this.propagation = propagation;
    }

    /** A record in the zone until {@link #withdraw()}. */
    @FunctionalInterface
    public interface Published {
        /** Logs a removal that failed rather than throwing: the record is short-lived and harmless. */
        void withdraw();
    }

    /**
     * Adds the record and waits until it can be seen; when it cannot, it is removed before this throws.
     *
     * @throws DnsUpdateException naming the server and what went wrong
     */
    public Published publish(String recordName, String text) throws DnsUpdateException, InterruptedException {
        updater.add(recordName, text);
        LOG.info("added TXT {} for DNS-01", recordName);
        try {
            propagation.await(recordName, text);
        } catch (DnsUpdateException | InterruptedException | RuntimeException e) {
            remove(recordName, text);
            throw e;
        }
        return () -> remove(recordName, text);
    }

    private void remove(String recordName, String text) {
        try {
            updater.remove(recordName, text);
            LOG.info("removed TXT {}", recordName);
        } catch (DnsUpdateException e) {
            LOG.warn("could not remove TXT {} (it expires from caches after {} s): {}", recordName,
                    DnsUpdater.TTL_SECONDS, e.getMessage());
        }
    }
}
