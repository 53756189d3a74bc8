package io.hotcert.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.hotcert.acme.AccountService;
import io.hotcert.acme.AcmeIssuer;
import io.hotcert.acme.AcmeRenewalInfo;
import io.hotcert.acme.ChallengeSolver;
import io.hotcert.acme.Dns01Solver;
import io.hotcert.acme.Http01Solver;
import io.hotcert.acme.AcmeSessions;
import io.hotcert.acme.SystemTrustStore;
import io.hotcert.acme.TermsOfService;
import io.hotcert.acme.TlsAlpn01Solver;
import io.hotcert.challenge.ActiveChallenges;
import io.hotcert.challenge.ChallengeAnswers;
import io.hotcert.challenge.Http01Handler;
import io.hotcert.challenge.ResponderScope;
import io.hotcert.challenge.WebrootChallenges;
import io.hotcert.config.ChallengeType;
import io.hotcert.config.ConfigException;
import io.hotcert.config.DnsSettings;
import io.hotcert.config.Settings;
import io.hotcert.dns.ChallengeRecords;
import io.hotcert.dns.DnsUpdater;
import io.hotcert.dns.PrimaryServer;
import io.hotcert.dns.TsigKey;
import io.hotcert.dns.TxtPropagation;
import io.hotcert.config.SettingsLoader;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.control.ControlServer;
import io.hotcert.control.Reply;
import io.hotcert.daemon.ConfigurationReload;
import io.hotcert.daemon.Daemon;
import io.hotcert.daemon.DaemonControl;
import io.hotcert.daemon.DryRun;
import io.hotcert.daemon.ListenerSwap;
import io.hotcert.daemon.RenewalMessages;
import io.hotcert.daemon.RenewalRunner;
import io.hotcert.hooks.DeployHook;
import io.hotcert.metrics.HotcertMetrics;
import io.hotcert.metrics.MetricsHandler;
import io.hotcert.metrics.RenewalCounts;
import io.hotcert.metrics.TrafficMetrics;
import io.hotcert.renewal.AttemptHistory;
import io.hotcert.renewal.AttemptScope;
import io.hotcert.renewal.BuildInfo;
import io.hotcert.renewal.ClockSanity;
import io.hotcert.renewal.Deployment;
import io.hotcert.renewal.RenewalJitter;
import io.hotcert.renewal.RenewalPlanner;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.renewal.RenewalGuards;
import io.hotcert.renewal.RenewalService;
import io.hotcert.renewal.RetryBackoff;
import io.hotcert.renewal.VerifiedIssuance;
import io.hotcert.schedule.CheckSchedule;
import io.hotcert.schedule.InstallationPicks;
import io.hotcert.server.BackendLimits;
import io.hotcert.server.BackendProxies;
import io.hotcert.server.BackendWaits;
import io.hotcert.server.ConnectionCounts;
import io.hotcert.server.Endpoint;
import io.hotcert.server.HttpsResponses;
import io.hotcert.server.RequestCounter;
import io.hotcert.server.StaticFiles;
import io.hotcert.server.SwappableHandler;
import io.hotcert.server.WebServer;
import io.hotcert.status.StatusCollector;
import io.hotcert.state.AttemptFile;
import io.hotcert.state.ClockAheadFile;
import io.hotcert.state.RenewalInfoFile;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.CertificateStore;
import io.hotcert.storage.StorageLock;
import io.hotcert.tls.AlpnValidations;
import io.hotcert.tls.ListenerTls;
import io.hotcert.tls.NativeTlsUnavailableException;
import io.hotcert.tls.ServedCertificate;
import io.hotcert.tls.SwappableKeyManager;
import io.hotcert.tls.TlsEngine;
import io.hotcert.tls.TlsEngineSelector;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;

/**
 * Builds the object graph from the settings, in the order data flows through it. The only place
 * that knows how the packages fit together.
 */
public final class Wiring {

    /** Bound on every single request to the CA. */
    private static final Duration ACME_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on one DNS update or query, and on the wait until every authoritative server has a DNS-01 record. */
    private static final Duration DNS_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DNS_PROPAGATION_BOUND = Duration.ofMinutes(2);
    /** As long as a renewal waits for the lock: another one may be storing a set right now. */
    private static final Duration REPAIR_LOCK_WAIT = Duration.ofSeconds(10);
    private static final String CHALLENGES = "HTTP-01 challenges";

    private final Settings settings;
    private final Clock clock;
    private final AtomicFiles files = new AtomicFiles();
    private final ActiveChallenges challenges;
    /** The TLS-ALPN-01 certificates in flight, which the HTTPS listener answers; shared like {@link #challenges}. */
    private final AlpnValidations validations;
    private final KeyPairFactory keys = new KeyPairFactory();
    private final AttemptHistory history;
    /** One for the whole process, so that status and the metrics see the repairs it made. */
    private final CertificateStore store;
    /** What the log lines of the renewal built here start with: "" but in a dry run. */
    private final String logPrefix;
    /** Read from the jar once: the clock check and the metrics both need it. */
    private final BuildInfo buildInfo;

    public Wiring(Settings settings, Clock clock) {
        this(settings, clock, new ActiveChallenges(), new AlpnValidations(), "");
    }

    /**
     * @param challenges  the tokens the HTTP-01 responder answers, shared by a daemon and its dry runs
     * @param validations the TLS-ALPN-01 certificates the HTTPS listener answers, shared likewise
     * @param logPrefix   what the log lines of the renewal built here start with
     */
    private Wiring(Settings settings, Clock clock, ActiveChallenges challenges, AlpnValidations validations,
            String logPrefix) {
        this.settings = settings;
        this.clock = clock;
        this.challenges = challenges;
        this.validations = validations;
        this.logPrefix = logPrefix;
        this.buildInfo = new BuildInfo();
        this.history = new AttemptHistory(new AttemptFile(settings.storageDir(), files), attemptScope(settings),
                new RetryBackoff(new SplittableRandom()));
        history.load();
        this.store = new CertificateStore(settings.storageDir(), files, clock);
    }

    /**
     * The running daemon's parts after a reload: {@code reloaded} differs from the settings it
     * started with only where a reload takes effect, so the storage, its attempt history and the
     * tokens in flight stay the ones the rest of the daemon uses.
     */
    private Wiring(Settings reloaded, Wiring running) {
        this.settings = reloaded;
        this.clock = running.clock;
        this.challenges = running.challenges;
        this.validations = running.validations;
        this.history = running.history;
        this.store = running.store;
        this.logPrefix = running.logPrefix;
        this.buildInfo = running.buildInfo;
    }

    /** The account as configured: its e-mail address and External Account Binding key id, where given. */
    private static AttemptScope attemptScope(Settings settings) {
        String account = Stream.concat(settings.acmeEmail().stream(),
                settings.eab().map(eab -> "EAB key id " + eab.keyId()).stream()).collect(Collectors.joining(", "));
        return new AttemptScope(settings.acmeDirectory(), settings.domains(), settings.keyType(),
                Optional.of(account).filter(text -> !text.isEmpty()));
    }

    /** @param jitter this installation's, once picked; see {@link CheckSchedule} */
    private RenewalPolicy renewalPolicy(RenewalJitter jitter) {
        return new RenewalPolicy(clock, settings.renewBefore(), settings.domains(), settings.keyType(), renewalPlans(),
                jitter, clockSanity());
    }

    private ClockSanity clockSanity() {
        return new ClockSanity(buildInfo.buildTime(), new ClockAheadFile(settings.storageDir(), files));
    }

    /** Picks this installation's check time and renewal moment at its first start, or on a new machine. */
    private RenewalJitter pickedJitter() throws IOException {
        return RenewalJitter.of(checkSchedule().picks().renewalSeed());
    }

    private RenewalInfoFile renewalPlans() {
        return new RenewalInfoFile(settings.storageDir(), files);
    }

    /** Reads the picks without making them: a status writes nothing. */
    public StatusCollector statusCollector() throws IOException {
        return statusCollector(Optional.empty());
    }

    /** @param tlsEngine what the daemon's HTTPS listener runs on; empty when it has none */
    private StatusCollector statusCollector(Optional<TlsEngine> tlsEngine) throws IOException {
        RenewalJitter jitter = checkSchedule().known().map(picks -> RenewalJitter.of(picks.renewalSeed()))
                .orElse(RenewalJitter.NONE);
        return new StatusCollector(settings.domains(), settings.renewSchedule(), settings.configFile(), store, renewalPolicy(jitter), history,
                new AccountStore(settings.storageDir(), files), TermsOfService::changeWarning, checkSchedule()::known,
                tlsEngine, clock);
    }

    /** A dry run in this process, with a responder of its own like {@link #oneShotRenewal()}. */
    public Callable<Reply> oneShotDryRun() {
        return new DryRun(settings, (trial, prefix) -> new Wiring(trial, clock, new ActiveChallenges(), new AlpnValidations(), prefix)
                .oneShotRenewal())::run;
    }

    /** A one-shot renewal with its outcome as the daemon would reply it, for a command that found no daemon. */
    public Callable<Reply> oneShotRenewal(boolean force) throws IOException {
        RenewalService renewal = oneShotRenewal();
        return () -> RenewalMessages.reply(renewal.renew(force));
    }

    /**
     * A one-shot renewal: the HTTP-01 responder and, for TLS-ALPN-01, an HTTPS listener that answers
     * only acme-tls/1 run only while the order is in flight; nothing else listens.
     */
    public RenewalService oneShotRenewal() throws IOException {
        var endpoints = new ArrayList<Endpoint>();
        if (settings.challenges().contains(ChallengeType.HTTP_01) && settings.http().enabled()) {
            endpoints.add(challengeEndpoint());
        }
        if (settings.challenges().contains(ChallengeType.TLS_ALPN_01)) {
            endpoints.add(validationEndpoint());
        }
        ResponderScope responder = endpoints.isEmpty() ? ResponderScope.ALWAYS_ON
                : () -> WebServer.start(settings.server(), endpoints)::close;
        return renewalService(responder, deployHook());
    }

    /**
     * HTTPS on the configured address with no served set: a handshake gets a certificate only when it
     * asks for a name in flight with acme-tls/1, and the CA closes the connection after it.
     */
    private Endpoint validationEndpoint() {
        return Endpoint.https(logPrefix + "TLS-ALPN-01 challenges", settings.https(), ResponseCodeHandler.HANDLE_404,
                TlsEngineSelector.validationsOnly(validations));
    }

    /**
     * The daemon: one web server for HTTP-01, HTTPS and (when configured) the metrics, renewals
     * swapped straight into the listener. The counters behind the metrics are kept either way;
     * they cost an addition per request and per renewal. On SIGHUP the parts that depend on the
     * settings are built again from the file and swapped in (see {@link #reconfigure}).
     */
    public Daemon daemon() throws IOException, ConfigException {
        InstallationPicks picks = checkSchedule().picks();
        RenewalJitter jitter = RenewalJitter.of(picks.renewalSeed());
        var keyManager = new SwappableKeyManager();
        Optional<ListenerTls> tls = settings.https().enabled() ? Optional.of(listenerTls(keyManager)) : Optional.empty();
        Optional<TlsEngine> tlsEngine = tls.map(ListenerTls::engine);
        var served = new ServedCertificate(keyManager, new ChainVerifier(clock));
        var swaps = new LongAdder();
        var requests = new RequestCounter();
        var backendWaits = new BackendWaits();
        var proxies = new BackendProxies(BackendLimits.DAEMON, backendWaits);
        var connections = new ConnectionCounts();
        var renewalCounts = new RenewalCounts(history, clock);
        var current = new AtomicReference<>(this);
        var redirects = new SwappableHandler(challengeHandler());
        Optional<SwappableHandler> content = tls.isPresent()
                ? Optional.of(new SwappableHandler(httpsContent(proxies))) : Optional.empty();
        var endpoints = new ArrayList<Endpoint>();
        // Off with a webroot, or when only HTTPS answers challenges (http.port=0).
        if (settings.http().enabled()) {
            endpoints.add(Endpoint.http(CHALLENGES, settings.http(), redirects));
        }
        tls.ifPresent(listener -> endpoints.add(Endpoint.https("HTTPS", settings.https(),
                requests.counting(content.orElseThrow()), listener)));
        if (settings.metrics().enabled()) {
            endpoints.add(Endpoint.http("Prometheus metrics", settings.metrics(), new MetricsHandler(
                    new HotcertMetrics(served, liveSet(store), () -> current.get().renewalPolicy(jitter), renewalCounts,
                            swaps, new TrafficMetrics(requests, backendWaits, connections), tlsEngine, buildInfo))));
        }
        Deployment listenerSwap = new ListenerSwap(served, swaps);
        var renewals = new RenewalRunner(renewalService(ResponderScope.ALWAYS_ON, swapThenHook(listenerSwap,
                deployHook())), history, served, settings.domains().get(0), clock, renewalCounts);
        var configuration = new ConfigurationReload(settings, new SettingsLoader(System.getenv())::load,
                (next, running) -> current.set(current.get().reconfigure(next, running,
                        new Swaps(redirects, content, proxies, listenerSwap, renewals, picks.cron()))), clock);
        DaemonControl.Status status = (pid, nextCheck) -> current.get().statusCollector(tlsEngine)
                .fromDaemon(pid, nextCheck, configuration.loaded().at());
        return new Daemon(settings.domains(), store, this::repairLive, served,
                new SelfSignedCertificates(clock), keys,
                () -> serving(WebServer.start(settings.server(), endpoints, connections)), renewals,
                () -> ControlServer.start(settings.controlSocket(),
                        new DaemonControl(renewals, status, () -> current.get().daemonDryRun()))::close,
                configuration, settings.renewSchedule().orElse(picks.cron()),
                settings.server().drainTimeout(), swaps);
    }

    /** Where a reload puts its parts in the running daemon. */
    private record Swaps(SwappableHandler redirects, Optional<SwappableHandler> content, BackendProxies proxies,
            Deployment listenerSwap, RenewalRunner renewals, String pickedCron) {
    }

    /**
     * Builds everything that depends on the settings from {@code next} first, then swaps it in:
     * the HTTPS content and the redirects from the next request on, the renewal service (CA,
     * names, key type, renewal window, deploy hook) with the attempt history's scope, the timer
     * between two renewals, and a check right away when the names or the key type changed, since
     * that makes renewal due.
     *
     * @return the wiring the daemon's status, metrics and dry runs now come from
     */
    private Wiring reconfigure(Settings next, Settings running, Swaps into) throws IOException {
        var reloaded = new Wiring(next, this);
        RenewalService renewal = reloaded.renewalService(ResponderScope.ALWAYS_ON,
                swapThenHook(into.listenerSwap(), reloaded.deployHook()));
        Optional<HttpHandler> content = into.content().map(unused -> reloaded.httpsContent(into.proxies()));
        into.redirects().swap(reloaded.challengeHandler());
        into.content().ifPresent(swappable -> swappable.swap(content.orElseThrow()));
        boolean otherCertificate = !next.domains().equals(running.domains()) || next.keyType() != running.keyType();
        into.renewals().reconfigure(renewal, attemptScope(next), next.renewSchedule().orElse(into.pickedCron()),
                otherCertificate);
        return reloaded;
    }

    private static HotcertMetrics.LiveSet liveSet(CertificateStore store) {
        return new HotcertMetrics.LiveSet() {
            @Override
            public Optional<List<X509Certificate>> readChain() throws IOException {
                return store.readLiveChain();
            }

            @Override
            public Path dir() {
                return store.liveDir();
            }

            @Override
            public long fallbacks() {
                return store.fallbacks();
            }
        };
    }

    private static Daemon.Serving serving(WebServer server) {
        return new Daemon.Serving() {
            @Override
            public boolean drain(Duration timeout) throws InterruptedException {
                return server.drain(timeout);
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** An {@code openssl} that cannot run here is the configuration's problem: restarting cannot help. */
    private ListenerTls listenerTls(SwappableKeyManager keyManager) throws ConfigException {
        try {
            return new TlsEngineSelector().select(settings.httpsTlsEngine(), keyManager,
                    settings.challenges().contains(ChallengeType.TLS_ALPN_01) ? Optional.of(validations)
                            : Optional.empty());
        } catch (NativeTlsUnavailableException e) {
            throw new ConfigException(settings.configFile(), List.of("https.tls-engine: openssl, but " + e.getMessage()
                    + "; expected auto or jdk on this machine"));
        }
    }

    /** A dry run through the daemon's responder: the trial's tokens go where the daemon answers them; nothing deployed. */
    private DryRun daemonDryRun() {
        return new DryRun(settings, (trial, prefix) -> new Wiring(trial, clock, challenges, validations, prefix)
                .renewalService(ResponderScope.ALWAYS_ON, Deployment.NONE));
    }

    /** Under the storage lock, as every switch of live is, so that no renewal switches it meanwhile. */
    private boolean repairLive() throws IOException {
        try (StorageLock.Held held = storageLock().acquire(REPAIR_LOCK_WAIT, "repair of live/")) {
            return store.repairLive(new ChainVerifier(clock)::verifyConsistent);
        }
    }

    private StorageLock storageLock() {
        return new StorageLock(settings.storageDir(), files, clock);
    }

    private CheckSchedule checkSchedule() {
        return new CheckSchedule(settings.storageDir(), files, new SplittableRandom(), CheckSchedule.MACHINE_ID);
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
        return Endpoint.http(logPrefix + CHALLENGES, settings.http(), challengeHandler());
    }

    private HttpHandler challengeHandler() {
        return new Http01Handler(challenges, settings.https().port(), settings.domains());
    }

    /** Files for the web server that owns port 80 when there is a webroot; else the tokens hotcert's own listener answers. */
    private ChallengeAnswers challengeAnswers() {
        return settings.challengeWebroot().<ChallengeAnswers>map(webroot -> new WebrootChallenges(webroot, files))
                .orElse(challenges);
    }

    private static ChallengeRecords dnsRecords(DnsSettings dns) {
        var primary = new PrimaryServer(dns.server(), new InetSocketAddress(dns.serverHost(), dns.serverPort()), dns.zone());
        return new ChallengeRecords(
                new DnsUpdater(primary, new TsigKey(dns.tsigName(), dns.tsigAlgorithm(), dns.secret()), DNS_REQUEST_TIMEOUT),
                new TxtPropagation(primary, DNS_REQUEST_TIMEOUT, DNS_PROPAGATION_BOUND, System::nanoTime,
                        duration -> Thread.sleep(Math.max(1, duration.toMillis()))));
    }

    /**
     * What HTTPS serves, with its HSTS header and access log, so that a reload changes those too.
     * The configuration guarantees exactly one of backend and static directory when HTTPS is on.
     */
    private HttpHandler httpsContent(BackendProxies proxies) {
        return HttpsResponses.around(settings.httpsOptions(), settings.httpsBackend().map(proxies::to)
                .orElseGet(() -> StaticFiles.from(settings.httpsStaticDir().orElseThrow())));
    }

    /** A solver for each configured challenge type, in the configured order. */
    private List<ChallengeSolver<?>> solvers() {
        return settings.challenges().stream().<ChallengeSolver<?>>map(this::solver).toList();
    }

    /** The configuration guarantees what each type needs: a listener or webroot, HTTPS, the DNS server and key. */
    private ChallengeSolver<?> solver(ChallengeType type) {
        return switch (type) {
            case HTTP_01 -> new Http01Solver(challengeAnswers());
            case TLS_ALPN_01 -> new TlsAlpn01Solver(validations, keys);
            case DNS_01 -> new Dns01Solver(dnsRecords(settings.dns().orElseThrow()));
        };
    }

    private RenewalService renewalService(ResponderScope responder, Deployment deployment) throws IOException {
        var accounts = new AccountService(new AccountStore(settings.storageDir(), files), keys,
                new AccountService.Registration(settings.acmeEmail(), settings.termsAgreed(), settings.eab(),
                        settings.configFile()), logPrefix);
        var systemTrust = SystemTrustStore.of(Optional.ofNullable(System.getProperty(SystemTrustStore.PROPERTY)));
        var sessions = new AcmeSessions(settings.acmeDirectory(), systemTrust, settings.acmeTrustStore(), ACME_REQUEST_TIMEOUT);
        var issuance = new VerifiedIssuance(
                new RenewalService.Target(settings.domains(), settings.keyType(), settings.acmeProfile()),
                new AcmeIssuer(sessions, accounts, solvers(), clock, logPrefix), responder, keys, new ChainVerifier(clock),
                logPrefix);
        var guards = new RenewalGuards(clockSanity(), history,
                new RenewalPlanner(new AcmeRenewalInfo(sessions), renewalPlans(), clock, new SplittableRandom()), clock);
        return new RenewalService(renewalPolicy(pickedJitter()), issuance, store, storageLock(), guards,
                deployment, clock);
    }
}
