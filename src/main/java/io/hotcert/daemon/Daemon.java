package io.hotcert.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.storage.CertificateStore;
import io.hotcert.tls.ServedCertificate;

/**
 * {@code hotcert run}: serves first, then does the slow work. At start the listener gets the
 * stored live set, or a self-signed certificate made in memory when there is none, and the
 * renewal check runs in the background while requests are already answered. {@link #reload()}
 * reads the configuration file again and swaps in whatever {@code live/} holds on disk;
 * {@link #stop()} drains and closes.
 */
public final class Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Long enough never to lapse while the CA is out of reach; it is replaced as soon as possible. */
    private static final Duration BOOTSTRAP_VALIDITY = Duration.ofDays(30);

    /** Something started that {@link #stop()} closes; closing never fails. */
    public interface Running {
        void close();
    }

    /** The web server's open listeners: drained first when stopping, then closed. */
    public interface Serving extends Running {
        /** @return whether every request in flight finished within {@code timeout} */
        boolean drain(Duration timeout) throws InterruptedException;
    }

    /** Opens the web server's listeners; called once, after a certificate is in place. */
    @FunctionalInterface
    public interface Listeners {
        Serving start() throws IOException;
    }

    /** Puts {@code live} right when it points nowhere or at a set that fails the checks (see CertificateStore#repairLive). */
    @FunctionalInterface
    public interface LiveRepair {
        /** @return whether {@code live} was switched to an archived set */
        boolean repair() throws IOException;
    }

    /** Opens the control socket through which {@code hotcert renew} and {@code status} reach the daemon. */
    @FunctionalInterface
    public interface Control {
        Running start() throws IOException;
    }

    private final List<String> domains;
    private final CertificateStore store;
    private final LiveRepair liveRepair;
    private final ServedCertificate served;
    private final SelfSignedCertificates selfSigned;
    private final KeyPairFactory keys;
    private final Listeners listeners;
    private final RenewalRunner renewals;
    private final Control control;
    private final ConfigurationReload configuration;
    private final String checkCron;
    private final Duration drainTimeout;
    private final LongAdder swaps;
    private Serving server;
    private Running controlServer;

    /** @param swaps counts the sets swapped in on reload, for the metrics */
    public Daemon(List<String> domains, CertificateStore store, LiveRepair liveRepair, ServedCertificate served,
            SelfSignedCertificates selfSigned, KeyPairFactory keys, Listeners listeners, RenewalRunner renewals,
            Control control, ConfigurationReload configuration, String checkCron, Duration drainTimeout,
            LongAdder swaps) {
        this.domains = List.copyOf(domains);
        this.store = store;
        this.liveRepair = liveRepair;
        this.served = served;
        this.selfSigned = selfSigned;
        this.keys = keys;
        this.listeners = listeners;
        this.renewals = renewals;
        this.control = control;
        this.configuration = configuration;
        this.checkCron = checkCron;
        this.drainTimeout = drainTimeout;
        this.swaps = swaps;
    }

    /**
     * Opens the listeners with the best certificate at hand and starts the first renewal check
     * in the background.
     *
     * @return the background check, for callers that want to wait for it
     * @throws IOException when a listener cannot bind; the message names the address
     */
    public Future<RenewalResult> start() throws IOException {
        repairLive();
        boolean liveUsable = installLive("live set");
        if (!liveUsable) {
            bootstrap();
        }
        server = listeners.start();
        try {
            controlServer = control.start();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        // An unusable live set may still look fresh to the renewal policy, which reads only dates and names.
        Future<RenewalResult> first = liveUsable ? renewals.renew(false) : renewals.replaceUnusable();
        try {
            renewals.schedule(checkCron);
        } catch (SchedulerException e) {
            throw new IOException("cannot start the renewal schedule \"" + checkCron + "\": " + e.getMessage(), e);
        }
        return first;
    }

    /** Renews now on the daemon's renewal thread (if due, or always with {@code force}); see {@link RenewalRunner}. */
    public Future<RenewalResult> renewInBackground(boolean force) {
        return renewals.renew(force);
    }

    /**
     * SIGHUP: reads the configuration file again (a file with problems keeps the running
     * configuration; see {@link ConfigurationReload}), then re-reads {@code live/} from disk and
     * swaps it in if it passes the checks. A set that
     * fails them is refused first, since the operator may have just put it there and should read
     * why; then {@code live} falls back to the newest archived set that passes, so that consumers
     * reading {@code live/} get a usable pair again.
     */
    public void reload() {
        configuration.reload();
        LOG.info("reloading {}", store.liveDir());
        if (installLive("reloaded live set") || repairLive() && installLive("archived set fallen back to")) {
            swaps.increment();
        }
    }

    /**
     * Stops accepting, lets requests in flight finish for up to the drain timeout, then closes
     * every connection. A renewal in flight is abandoned; it never leaves a half-written set.
     */
    public void stop() throws InterruptedException {
        // First, so that no renewal is asked for while the rest drains.
        if (controlServer != null) {
            controlServer.close();
        }
        renewals.close();
        if (server == null) {
            return;
        }
        LOG.info("stopping: letting requests in flight finish (at most {} s)", drainTimeout.toSeconds());
        if (!server.drain(drainTimeout)) {
            LOG.warn("requests still in flight after {} s are cut off", drainTimeout.toSeconds());
        }
        server.close();
        LOG.info("stopped");
    }

    /** @return whether {@code live} was switched to an archived set */
    private boolean repairLive() {
        try {
            return liveRepair.repair();
        } catch (IOException e) {
            // Loading live next says what is wrong with it, and the next renewal tries the repair again.
            LOG.warn("cannot check {} for repair: {}", store.liveDir(), e.getMessage());
            return false;
        }
    }

    private boolean installLive(String origin) {
        try {
            Optional<CertificateSet> live = store.readLive();
            if (live.isEmpty()) {
                LOG.info("{} holds no certificate yet", store.liveDir());
                return false;
            }
            served.install(live.get(), origin + " " + store.liveId().orElse("?"));
            return true;
        } catch (IOException | ChainException e) {
            LOG.error("refused {} from {}: {}; {}", origin, store.liveDir(), e.getMessage(), served.stillServing());
            return false;
        }
    }

    private void bootstrap() {
        var set = selfSigned.create(keys.generate(KeyType.EC_P256), domains, BOOTSTRAP_VALIDITY);
        try {
            served.install(set, "a self-signed bootstrap certificate");
        } catch (ChainException e) {
            throw new IllegalStateException("the bootstrap certificate failed its own checks", e);
        }
    }

}
