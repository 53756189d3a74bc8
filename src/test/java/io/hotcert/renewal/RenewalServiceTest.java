package io.hotcert.renewal;

import java.net.URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Random;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.acme.CertificateIssuer;
import io.hotcert.acme.IssuanceException;
import io.hotcert.acme.Issued;
import io.hotcert.acme.IssuanceStep;
import io.hotcert.challenge.ResponderScope;
import io.hotcert.crypto.KeyType;
import io.hotcert.config.RenewBefore;
import io.hotcert.crypto.ChainException;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.SelfSignedCertificates;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.CertificateStore;
import io.hotcert.storage.StorageLock;
import io.hotcert.state.AttemptFile;
import io.hotcert.state.ClockAheadFile;
import io.hotcert.state.RenewalInfoFile;
import io.hotcert.testing.Slow;

/**
 * The renewal flow with a stand-in issuer (the real one is shown against Pebble elsewhere) and
 * the real policy, verifier and store: what is stored, and what is left alone when a step fails.
 */
class RenewalServiceTest {

    private static final List<String> DOMAINS = List.of("board1.example.test");
    private static final AttemptScope SCOPE = new AttemptScope(URI.create("https://ca.example.test/dir"), DOMAINS,
            KeyType.EC_P256, Optional.empty());
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path storage;

    /** Issues self-signed certificates, or whatever {@link #next} says. */
    private final class StandInIssuer implements CertificateIssuer {
        int calls;
        Optional<List<String>> namesToCertify = Optional.empty();
        Optional<IssuanceException> failure = Optional.empty();
        boolean signWithOtherKey;
        Optional<X509Certificate> replaced = Optional.empty();

        @Override
        public Issued issue(List<String> domains, KeyPair domainKey, Optional<String> profile,
                Optional<X509Certificate> replacing) throws IssuanceException {
            calls++;
            replaced = replacing;
            if (failure.isPresent()) {
                throw failure.get();
            }
            KeyPair key = signWithOtherKey ? new KeyPairFactory().generate(KeyType.EC_P256) : domainKey;
            return new Issued(new SelfSignedCertificates(clock).create(key, namesToCertify.orElse(domains),
                    Duration.ofDays(90)).chain(), List.of("http-01"));
        }
    }

    private final StandInIssuer issuer = new StandInIssuer();
    private final List<String> responderEvents = new ArrayList<>();
    private final List<String> deployed = new ArrayList<>();
    private final Deployment deployment = (set, stored) -> deployed.add(stored.id());
    private final ResponderScope responder = () -> {
        responderEvents.add("open");
        return () -> responderEvents.add("close");
    };

    /** Read from storage.dir each time, as a restarted process would. */
    private AttemptHistory history() {
        var history = new AttemptHistory(new AttemptFile(storage, new AtomicFiles()), SCOPE, new RetryBackoff(new Random(1)));
        history.load();
        return history;
    }

    private CertificateStore store() {
        return new CertificateStore(storage, new AtomicFiles(), clock);
    }

    private RenewalService service() {
        return service(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private RenewalService service(Instant buildTime) {
        var plans = new RenewalInfoFile(storage, new AtomicFiles());
        var clockSanity = new ClockSanity(buildTime, new ClockAheadFile(storage, new AtomicFiles()));
        var issuance = new VerifiedIssuance(new RenewalService.Target(DOMAINS, KeyType.EC_P256, Optional.empty()),
                issuer, responder, new KeyPairFactory(), new ChainVerifier(clock), "");
        var guards = new RenewalGuards(clockSanity, history(),
                new RenewalPlanner(leaf -> Optional.empty(), plans, clock, new Random(1)), clock);
        return new RenewalService(new RenewalPolicy(clock, RenewBefore.parse("33%"), DOMAINS, KeyType.EC_P256, plans,
                RenewalJitter.NONE, clockSanity), issuance, store(), new StorageLock(storage, new AtomicFiles(), clock),
                guards, deployment, clock);
    }

    @Test
    void firstRenewalStoresTheIssuedSetWithTheResponderOpenOnlyMeanwhile() throws Exception {
        RenewalResult result = service().renew(false);

        assertThat(result).isInstanceOf(RenewalResult.Renewed.class);
        assertThat(store().readLive()).isPresent();
        assertThat(responderEvents).containsExactly("open", "close");
        assertThat(deployed).containsExactly(store().liveId().orElseThrow());
    }

    @Test
    void theSuccessIsRecordedWithTheChallengesThatProvedTheNames() throws Exception {
        service().renew(false);

        assertThat(history().last()).hasValueSatisfying(attempt -> assertThat(attempt.challenges())
                .containsExactly("http-01"));
    }

    @Test
    void notDueSendsNothingAndOpensNothing() throws Exception {
        service().renew(false);
        issuer.calls = 0;
        responderEvents.clear();

        RenewalResult result = service().renew(false);

        assertThat(result).isInstanceOf(RenewalResult.NotDue.class);
        assertThat(issuer.calls).isZero();
        assertThat(responderEvents).isEmpty();
    }

    @Test
    void forceRenewsAFreshCertificate() throws Exception {
        service().renew(false);
        String firstId = store().liveId().orElseThrow();

        RenewalResult result = service().renew(true);

        assertThat(result).isInstanceOfSatisfying(RenewalResult.Renewed.class,
                renewed -> assertThat(renewed.reason()).isEqualTo("forced"));
        assertThat(store().liveId()).isPresent().get().isNotEqualTo(firstId);
    }

    @Test
    void aChainMissingANameIsRefusedAndTheStoredSetStays() throws Exception {
        service().renew(false);
        Path liveTarget = Files.readSymbolicLink(store().liveDir());
        byte[] key = Files.readAllBytes(store().liveDir().resolve("privkey.pem"));
        issuer.namesToCertify = Optional.of(List.of("other.example.test"));

        deployed.clear();

        assertThatThrownBy(() -> service().renew(true))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("board1.example.test");
        assertThat(deployed).isEmpty();
        assertThat(Files.readSymbolicLink(store().liveDir())).isEqualTo(liveTarget);
        assertThat(Files.readAllBytes(store().liveDir().resolve("privkey.pem"))).isEqualTo(key);
    }

    @Test
    void aCertificateForAnotherKeyIsRefusedBeforeAnythingIsStored() {
        issuer.signWithOtherKey = true;

        assertThatThrownBy(() -> service().renew(false)).isInstanceOf(ChainException.class);
        assertThat(store().liveDir()).doesNotExist();
    }

    @Test
    void anIssuerFailureClosesTheResponderAndStoresNothing() {
        issuer.failure = Optional.of(new IssuanceException(IssuanceStep.ORDER, "CA down", true, null, null));

        assertThatThrownBy(() -> service().renew(false)).isInstanceOf(IssuanceException.class);
        assertThat(responderEvents).containsExactly("open", "close");
        assertThat(store().liveDir()).doesNotExist();
    }

    @Test
    void afterAFailureTheNextUnforcedAttemptWaitsAndAForcedOneDoesNot() throws Exception {
        issuer.failure = Optional.of(new IssuanceException(IssuanceStep.ORDER, "CA down", true, null, null));
        assertThatThrownBy(() -> service().renew(false)).isInstanceOf(IssuanceException.class);
        issuer.failure = Optional.empty();
        issuer.calls = 0;

        RenewalResult waiting = service().renew(false);

        assertThat(waiting).isInstanceOfSatisfying(RenewalResult.Postponed.class, postponed -> {
            assertThat(postponed.until()).hasValueSatisfying(until -> assertThat(until).isAfter(clock.instant()));
            assertThat(postponed.reason()).contains("after 1 failed attempt(s)");
        });
        assertThat(issuer.calls).isZero();
        assertThat(service().renew(true)).isInstanceOf(RenewalResult.Renewed.class);
        assertThat(history().consecutiveFailures()).isZero();
    }

    @Test
    void theLiveCertificateIsNamedAsTheOneBeingReplaced() throws Exception {
        service().renew(false);
        assertThat(issuer.replaced).isEmpty();
        X509Certificate first = store().readLiveChain().orElseThrow().get(0);

        service().renew(true);

        assertThat(issuer.replaced).contains(first);
    }

    @Test
    void anUnusableLiveSetIsReplacedWhateverThePolicySaysButOnlyWhenTheBackoffAllows() throws Exception {
        service().renew(false);

        RenewalResult replaced = service().renew(RenewalService.Request.REPLACE_UNUSABLE);
        assertThat(replaced).isInstanceOfSatisfying(RenewalResult.Renewed.class,
                renewed -> assertThat(renewed.reason()).isEqualTo("the live set cannot be served"));

        issuer.failure = Optional.of(new IssuanceException(IssuanceStep.ORDER, "CA down", true, null, null));
        assertThatThrownBy(() -> service().renew(RenewalService.Request.REPLACE_UNUSABLE))
                .isInstanceOf(IssuanceException.class);
        issuer.calls = 0;

        assertThat(service().renew(RenewalService.Request.REPLACE_UNUSABLE))
                .isInstanceOf(RenewalResult.Postponed.class);
        assertThat(issuer.calls).isZero();
    }

    @Test
    void aClockBeforeTheBuildJudgesNothingAndSendsNothingEvenWhenForced() throws Exception {
        RenewalResult result = service(clock.instant().plus(Duration.ofDays(400))).renew(true);

        assertThat(result).isInstanceOfSatisfying(RenewalResult.Postponed.class, postponed -> {
            assertThat(postponed.reason()).contains("before this build").contains("not judging expiry");
            assertThat(postponed.until()).isEmpty();
        });
        assertThat(issuer.calls).isZero();
        assertThat(store().liveDir()).doesNotExist();
    }

    @Test
    @Slow
    void aRenewalWaitsForTheStorageLockAndFailsNamingItsHolder() throws Exception {
        try (var held = new StorageLock(storage, new AtomicFiles(), clock).acquire(Duration.ofSeconds(1), "a test")) {
            assertThatThrownBy(() -> service().renew(true))
                    .isInstanceOf(io.hotcert.storage.StorageLockedException.class)
                    .hasMessageContaining("a test");
        }
        assertThat(issuer.calls).isZero();
        assertThat(service().renew(true)).isInstanceOf(RenewalResult.Renewed.class);
    }
}
