package io.hotcert.cli;

import java.time.Clock;
import java.time.Duration;

import io.hotcert.acme.AccountService;
import io.hotcert.acme.AcmeIssuer;
import io.hotcert.acme.AcmeSessions;
import io.hotcert.challenge.ActiveChallenges;
import io.hotcert.challenge.Http01Handler;
import io.hotcert.challenge.ResponderScope;
import io.hotcert.config.Settings;
import io.hotcert.crypto.ChainVerifier;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.renewal.RenewalService;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.CertificateStore;

/**
 * Builds the object graph from the settings, in the order data flows through it. The only place
 * that knows how the packages fit together.
 */
final class Wiring {

    /** Bound on every single request to the CA. */
    private static final Duration ACME_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final Clock clock;
    private final AtomicFiles files = new AtomicFiles();
    private final ActiveChallenges challenges = new ActiveChallenges();

    Wiring(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    CertificateStore certificateStore() {
        return new CertificateStore(settings.storageDir(), files, clock);
    }

    RenewalPolicy renewalPolicy() {
        return new RenewalPolicy(clock, settings.renewBefore(), settings.domains(), settings.keyType());
    }

    /** The responder a one-shot renewal starts for the duration of its order. */
    ResponderScope onDemandResponder() {
        return ResponderScope.onDemand(settings.http().host(), settings.http().port(),
                new Http01Handler(challenges, settings.https().port()));
    }

    RenewalService renewalService(ResponderScope responder) {
        var keys = new KeyPairFactory();
        var accounts = new AccountService(new AccountStore(settings.storageDir(), files), keys,
                new AccountService.Registration(settings.acmeEmail(), settings.termsAgreed(), settings.eab(),
                        settings.configFile()));
        return new RenewalService(
                new RenewalService.Target(settings.domains(), settings.keyType(), settings.acmeProfile()),
                renewalPolicy(), certificateStore(),
                new AcmeIssuer(new AcmeSessions(settings.acmeDirectory(), settings.acmeTrustStore(),
                        ACME_REQUEST_TIMEOUT), accounts, challenges, clock),
                responder, keys, new ChainVerifier(clock), clock);
    }
}
