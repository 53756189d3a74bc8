package io.hotcert.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.hotcert.acme.AccountService;
import io.hotcert.acme.AcmeIssuer;
import io.hotcert.acme.AcmeRenewalInfo;
import io.hotcert.acme.AcmeSessions;
import io.hotcert.challenge.ActiveChallenges;
import io.hotcert.challenge.Http01Handler;
import io.hotcert.challenge.ResponderScope;
import io.hotcert.config.Settings;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.control.ControlServer;
import io.hotcert.daemon.Daemon;
import io.hotcert.daemon.ListenerSwap;
import io.hotcert.daemon.RenewalRunner;
import io.hotcert.hooks.DeployHook;
import io.hotcert.renewal.AttemptHistory;
import io.hotcert.renewal.BuildInfo;
import io.hotcert.renewal.ClockSanity;
import io.hotcert.renewal.Deployment;
import io.hotcert.renewal.RenewalPlanFile;
import io.hotcert.renewal.RenewalPlanner;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.renewal.RenewalService;
import io.hotcert.renewal.RetryBackoff;
import io.hotcert.schedule.CheckSchedule;
import io.hotcert.server.BackendProxy;
import io.hotcert.server.Endpoint;
import io.hotcert.server.StaticFiles;
import io.hotcert.server.WebServer;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.CertificateStore;
import io.hotcert.storage.StorageLock;
import io.hotcert.tls.ServedCertificate;
import io.hotcert.tls.ServerTls;
import io.hotcert.tls.SwappableKeyManager;
import io.undertow.server.HttpHandler;

/**
 * Builds the object graph from the settings, in the order data flows through it. The only place
 * that knows how the packages fit together.
 */
final class Wiring {

    /** Bound on every single request to the CA. */
    private static final Duration ACME_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on a proxied request at the backend, so a hung backend cannot hold a connection forever. */
    private static final Duration BACKEND_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final Clock clock;
    private final AtomicFiles files = new AtomicFiles();
    private final ActiveChallenges challenges = new ActiveChallenges();
    private final KeyPairFactory keys = new KeyPairFactory();
    private final AttemptHistory history;

    Wiring(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.history = new AttemptHistory(settings.storageDir(), files, new RetryBackoff(new SplittableRandom()));
        history.load();
    }

    AttemptHistory attemptHistory() {
        return history;
    }

    CertificateStore certificateStore() {
        return new CertificateStore(settings.storageDir(), files, clock);
    }

    RenewalPolicy renewalPolicy() {
        return new RenewalPolicy(clock, settings.renewBefore(), settings.domains(), settings.keyType(), renewalPlans());
    }

    private RenewalPlanFile renewalPlans() {
        return new RenewalPlanFile(settings.storageDir(), files);
    }

    /** A one-shot renewal: the HTTP-01 responder runs only while the order is in flight, nothing else listens. */
    RenewalService oneShotRenewal() {
        return renewalService(() -> WebServer.start(settings.server(), List.of(challengeEndpoint()))::close,
                deployHook());
    }

    /** The daemon: one web server for HTTP-01 and HTTPS, renewals swapped straight into the listener. */
    Daemon daemon() throws IOException {
        var keyManager = new SwappableKeyManager();
        var served = new ServedCertificate(keyManager, new ChainVerifier(clock));
        var endpoints = new ArrayList<Endpoint>();
        endpoints.add(challengeEndpoint());
        if (settings.https().enabled()) {
            endpoints.add(Endpoint.https("HTTPS", settings.https(), httpsContent(), ServerTls.context(keyManager)));
        }
        var renewals = new RenewalRunner(
                renewalService(ResponderScope.ALWAYS_ON, swapThenHook(new ListenerSwap(served), deployHook())),
                history, served, settings.domains().get(0), clock);
        return new Daemon(settings.domains(), certificateStore(), served, new SelfSignedCertificates(clock), keys,
                () -> WebServer.start(settings.server(), endpoints), renewals,
                () -> ControlServer.start(settings.controlSocket(), new DaemonControl(renewals)),
                new CheckSchedule(settings.storageDir(), files, new SplittableRandom()).cron(settings.renewSchedule()),
                settings.server().drainTimeout());
    }

    /** The swap first, so that a hook which looks at the served certificate sees the new one. */
    private static Deployment swapThenHook(Deployment swap, Deployment hook) {
        return (set, stored) -> {
            swap.deploy(set, stored);
            hook.deploy(set, stored);
        };
    }

    private Deployment deployHook() {
        return settings.deployHook().<Deployment>map(command -> new DeployHook(command, settings.domains()))
                .orElse(Deployment.NONE);
    }

    private Endpoint challengeEndpoint() {
        return Endpoint.http("HTTP-01 challenges", settings.http(),
                new Http01Handler(challenges, settings.https().port()));
    }

    /** The configuration guarantees exactly one of the two when HTTPS is on. */
    private HttpHandler httpsContent() {
        return settings.httpsBackend().map(backend -> BackendProxy.to(backend, BACKEND_REQUEST_TIMEOUT))
                .orElseGet(() -> StaticFiles.from(settings.httpsStaticDir().orElseThrow()));
    }

    private RenewalService renewalService(ResponderScope responder, Deployment deployment) {
        var accounts = new AccountService(new AccountStore(settings.storageDir(), files), keys,
                new AccountService.Registration(settings.acmeEmail(), settings.termsAgreed(), settings.eab(),
                        settings.configFile()));
        var sessions = new AcmeSessions(settings.acmeDirectory(), settings.acmeTrustStore(), ACME_REQUEST_TIMEOUT);
        return new RenewalService(
                new RenewalService.Target(settings.domains(), settings.keyType(), settings.acmeProfile()),
                renewalPolicy(), certificateStore(), new AcmeIssuer(sessions, accounts, challenges, clock),
                responder, keys, new ChainVerifier(clock), deployment, history,
                new ClockSanity(new BuildInfo().buildTime()), new StorageLock(settings.storageDir(), files, clock),
                new RenewalPlanner(new AcmeRenewalInfo(sessions), renewalPlans(), clock, new SplittableRandom()), clock);
    }
}
