package io.hotcert.acme;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.challenge.ActiveChallenges;
import io.hotcert.config.ConfigException;

/**
 * Obtains one certificate over ACME with HTTP-01: order all names, answer every authorization's
 * challenge through {@link ActiveChallenges}, finalize with a CSR for the domain key, download
 * the chain. Every wait is bounded; nothing here stores anything.
 */
public final class AcmeIssuer implements CertificateIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);

    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration FINALIZE_TIMEOUT = Duration.ofMinutes(3);

    private final AcmeSessions sessions;
    private final AccountService accounts;
    private final ActiveChallenges challenges;
    private final StatusPoller poller;

    public AcmeIssuer(AcmeSessions sessions, AccountService accounts, ActiveChallenges challenges, Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.challenges = challenges;
        this.poller = new StatusPoller(clock, duration -> Thread.sleep(Math.max(1, duration.toMillis())));
    }

    @Override
    public List<X509Certificate> issue(List<String> domains, KeyPair domainKey, Optional<String> profile)
            throws IssuanceException, ConfigException, IOException, InterruptedException {
        Login login = accounts.login(sessions.open());
        Order order = createOrder(login, domains, profile);
        authorize(order);
        return finalizeAndDownload(order, domainKey, domains.get(0));
    }

    private Order createOrder(Login login, List<String> domains, Optional<String> profile) throws IssuanceException {
        try {
            OrderBuilder builder = login.newOrder().domains(domains);
            if (profile.isPresent()) {
                requireProfile(login, profile.get());
                builder.profile(profile.get());
            }
            Order order = builder.create();
            LOG.info("{}: order created for {}", domains.get(0), String.join(", ", domains));
            return order;
        } catch (AcmeException e) {
            throw AcmeFailures.classify(IssuanceStep.ORDER, domains.get(0) + ": ", e);
        }
    }

    private static void requireProfile(Login login, String profile) throws AcmeException, IssuanceException {
        var metadata = login.getSession().getMetadata();
        if (!metadata.isProfileAllowed(profile)) {
            String offered = metadata.isProfileAllowed() ? "it offers " + String.join(", ", metadata.getProfiles())
                    : "it offers no profiles";
            throw new IssuanceException(IssuanceStep.ORDER, "acme.profile \"" + profile
                    + "\" is not offered by the CA; " + offered, false, null, null);
        }
    }

    private void authorize(Order order) throws IssuanceException, InterruptedException {
        var pending = new ArrayList<PendingChallenge>();
        try {
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() != Status.VALID) {
                    pending.add(trigger(auth));
                }
            }
            for (PendingChallenge p : pending) {
                awaitValid(p);
            }
        } catch (AcmeLazyLoadingException e) {
            throw AcmeFailures.classify(IssuanceStep.VALIDATION, "", (AcmeException) e.getCause());
        } finally {
            pending.forEach(p -> challenges.remove(p.challenge().getToken()));
        }
    }

    private PendingChallenge trigger(Authorization auth) throws IssuanceException {
        String domain = auth.getIdentifier().getDomain();
        Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow(() -> new IssuanceException(
                IssuanceStep.VALIDATION, domain + ": the CA offers no http-01 challenge", false, null, null));
        challenges.add(challenge.getToken(), challenge.getAuthorization());
        try {
            challenge.trigger();
        } catch (AcmeException e) {
            challenges.remove(challenge.getToken());
            throw AcmeFailures.classify(IssuanceStep.VALIDATION, domain + ": ", e);
        }
        return new PendingChallenge(domain, challenge);
    }

    private void awaitValid(PendingChallenge p) throws IssuanceException, InterruptedException {
        try {
            Status status = poller.await(p.challenge(), Set.of(Status.VALID), VALIDATION_TIMEOUT);
            if (status != Status.VALID) {
                String reason = p.challenge().getError().map(AcmeFailures::describe).orElse("no reason given");
                throw new IssuanceException(IssuanceStep.VALIDATION, p.domain() + ": the CA could not validate "
                        + "http://" + p.domain() + "/.well-known/acme-challenge/...: " + reason, false, null, null);
            }
            LOG.info("{}: validated", p.domain());
        } catch (AcmeException e) {
            throw AcmeFailures.classify(IssuanceStep.VALIDATION, p.domain() + ": ", e);
        } catch (StatusPoller.PollTimeoutException e) {
            throw new IssuanceException(IssuanceStep.VALIDATION, p.domain() + ": " + e.getMessage(), true, null, e);
        }
    }

    private List<X509Certificate> finalizeAndDownload(Order order, KeyPair domainKey, String subject)
            throws IssuanceException, InterruptedException {
        try {
            // The order's status is the one from its creation; ask at once rather than after a first poll interval.
            order.fetch();
            poller.await(order, Set.of(Status.READY, Status.VALID), VALIDATION_TIMEOUT);
            order.execute(domainKey);
            Status status = poller.await(order, Set.of(Status.VALID), FINALIZE_TIMEOUT);
            if (status != Status.VALID) {
                String reason = order.getError().map(AcmeFailures::describe).orElse("no reason given");
                throw new IssuanceException(IssuanceStep.FINALIZE, subject + ": order became invalid: " + reason,
                        false, null, null);
            }
        } catch (AcmeException e) {
            throw AcmeFailures.classify(IssuanceStep.FINALIZE, subject + ": ", e);
        } catch (StatusPoller.PollTimeoutException e) {
            throw new IssuanceException(IssuanceStep.FINALIZE, subject + ": " + e.getMessage(), true, null, e);
        }
        try {
            var certificate = order.getCertificate();
            certificate.download();
            return certificate.getCertificateChain();
        } catch (AcmeException e) {
            throw AcmeFailures.classify(IssuanceStep.DOWNLOAD, subject + ": ", e);
        }
    }

    private record PendingChallenge(String domain, Http01Challenge challenge) {
    }
}
