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
import java.util.stream.Collectors;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TokenChallenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.ConfigException;
import io.hotcert.crypto.IpAddresses;
import io.hotcert.crypto.SigningRequests;

/**
 * Obtains one certificate over ACME: order all names, answer every authorization's challenge
 * through the first configured {@link ChallengeSolver} that can, finalize with a CSR for the domain key, download
 * the chain. Every wait is bounded; nothing here stores anything.
 */
public final class AcmeIssuer implements CertificateIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);

    /** One bound for validating every name of the order, and one for the CA to sign. */
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration FINALIZE_TIMEOUT = Duration.ofMinutes(3);

    private final AcmeSessions sessions;
    private final AccountService accounts;
    private final List<ChallengeSolver<?>> solvers;
    private final StatusPoller poller;
    private final String logPrefix;

    /**
     * @param clock     the wall clock, for the CA's Retry-After dates; deadlines are monotonic
     * @param logPrefix what this issuer's log lines start with ("" but in a dry run), so a trial is never taken for a renewal
     */
    public AcmeIssuer(AcmeSessions sessions, AccountService accounts, List<ChallengeSolver<?>> solvers, Clock clock,
            String logPrefix) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.solvers = List.copyOf(solvers);
        this.logPrefix = logPrefix;
        this.poller = new StatusPoller(clock, System::nanoTime, duration -> Thread.sleep(Math.max(1, duration.toMillis())));
    }

    @Override
    public Issued issue(List<String> domains, KeyPair domainKey, Optional<String> profile,
            Optional<X509Certificate> replacing) throws IssuanceException, ConfigException, IOException,
            InterruptedException {
        Order order = accounts.withAccount(sessions.open(), login ->
                createOrder(login, domains, profile, replacesId(login, replacing, domains.get(0))));
        List<String> challenges = authorize(order, domains.get(0));
        return new Issued(finalizeAndDownload(order, SigningRequests.create(domainKey, domains), domains.get(0)),
                challenges);
    }

    /**
     * The ARI name of the certificate being replaced, sent as {@code replaces} so the CA can tie the
     * new order to it (and may exempt it from rate limits); only where the CA offers renewal
     * information, since acme4j refuses {@code replaces} otherwise.
     */
    private static Optional<String> replacesId(Login login, Optional<X509Certificate> replacing, String subject)
            throws IssuanceException {
        if (replacing.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isEmpty()) {
                return Optional.empty();
            }
        } catch (AcmeException e) {
            throw AcmeFailures.classify(login.getSession().getServerUri(), IssuanceStep.ORDER, subject + ": ", e);
        }
        return CertificateIds.of(replacing.get());
    }

    /**
     * Orders the names; when the CA rejects the order because of {@code replaces} (the old
     * certificate was already replaced, or the CA cannot match it), orders once more without it:
     * the new certificate matters more than the link to the old one.
     */
    private Order createOrder(Login login, List<String> domains, Optional<String> profile, Optional<String> replaces)
            throws IssuanceException {
        String subject = domains.get(0);
        try {
            try {
                return createOrder(login, domains, profile, replaces, subject);
            } catch (AcmeServerException e) {
                if (replaces.isEmpty() || !rejectsReplaces(e)) {
                    throw e;
                }
                LOG.warn("{}{}: the CA refused the order replacing {}: {}; ordering again without \"replaces\"", logPrefix, subject,
                        replaces.get(), AcmeFailures.describe(e.getProblem()));
                return createOrder(login, domains, profile, Optional.empty(), subject);
            }
        } catch (AcmeException | AcmeProtocolException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.ORDER, subject + ": ", e);
        }
    }

    private Order createOrder(Login login, List<String> domains, Optional<String> profile,
            Optional<String> replaces, String subject) throws AcmeException, IssuanceException {
        OrderBuilder builder = login.newOrder().identifiers(identifiers(domains));
        if (profile.isPresent()) {
            requireProfile(login, profile.get());
            builder.profile(profile.get());
        }
        replaces.ifPresent(builder::replaces);
        Order order = builder.create();
        LOG.info("{}{}: order created for {}{}", logPrefix, subject, String.join(", ", domains),
                replaces.map(id -> ", replacing " + id).orElse(""));
        return order;
    }

    /** IP addresses go as {@code ip} identifiers (RFC 8738): CAs refuse them as {@code dns} ones. */
    private static List<Identifier> identifiers(List<String> domains) {
        return domains.stream()
                .map(name -> IpAddresses.canonical(name).map(Identifier::ip).orElseGet(() -> Identifier.dns(name)))
                .toList();
    }

    /** RFC 9773 names alreadyReplaced; other CAs answer malformed and say it is about replaces. */
    private static boolean rejectsReplaces(AcmeServerException e) {
        String type = e.getType().toString();
        return type.equals(AcmeFailures.ACME_ERROR + "alreadyReplaced") || (type.equals(AcmeFailures.ACME_ERROR + "malformed")
                && AcmeFailures.describe(e.getProblem()).contains("replaces"));
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

    /** @return the distinct challenge types validated, in the order first used */
    private List<String> authorize(Order order, String subject) throws IssuanceException, InterruptedException {
        long deadline = poller.deadlineIn(VALIDATION_TIMEOUT);
        var pending = new ArrayList<PendingChallenge>();
        try {
            for (Authorization auth : order.getAuthorizations()) {
                if (auth.getStatus() == Status.VALID) {
                    // A CA may hand a new order an authorization an earlier one proved (Let's Encrypt
                    // does, for a while): logged, so an operator who sees no challenge knows why.
                    LOG.info("{}{}: already authorized (the CA reused a valid authorization), no challenge needed",
                            logPrefix, name(auth));
                } else {
                    pending.add(trigger(auth));
                }
            }
            for (PendingChallenge p : pending) {
                awaitValid(p, deadline);
            }
            return pending.stream().map(p -> p.challenge().getType()).distinct().toList();
        } catch (AcmeLazyLoadingException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.VALIDATION, subject + ": ", (AcmeException) e.getCause());
        } catch (AcmeProtocolException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.VALIDATION, subject + ": ", e);
        } finally {
            pending.forEach(p -> p.placed().remove());
        }
    }

    /** The first configured solver that accepts the identifier and whose challenge the CA offers for it. */
    private PendingChallenge trigger(Authorization auth) throws IssuanceException, InterruptedException {
        for (ChallengeSolver<?> solver : solvers) {
            Optional<PendingChallenge> pending = triggerIfOffered(auth, solver);
            if (pending.isPresent()) {
                return pending.get();
            }
        }
        String name = name(auth);
        throw new IssuanceException(IssuanceStep.VALIDATION, name + ": the CA offers none of the configured challenges ("
                + solvers.stream().map(ChallengeSolver::type).collect(Collectors.joining(", ")) + ") that can prove "
                + name + "; it offers " + auth.getChallenges().stream().map(Challenge::getType)
                        .collect(Collectors.joining(", ")), false, null, null);
    }

    private <C extends TokenChallenge> Optional<PendingChallenge> triggerIfOffered(Authorization auth,
            ChallengeSolver<C> solver) throws IssuanceException, InterruptedException {
        Optional<C> offered = solver.accepts(auth) ? auth.findChallenge(solver.challengeClass()) : Optional.empty();
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        C challenge = offered.get();
        String name = name(auth);
        ChallengeSolver.Placed placed;
        try {
            placed = solver.place(auth, challenge);
        } catch (IOException e) {
            throw new IssuanceException(IssuanceStep.VALIDATION, name + ": " + e.getMessage(), false, null, e);
        }
        boolean triggered = false;
        try {
            challenge.trigger();
            triggered = true;
        } catch (AcmeException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.VALIDATION, name + ": ", e);
        } finally {
            // Also when the CA's answer could not be read: the caller only removes what it knows is pending.
            if (!triggered) {
                placed.remove();
            }
        }
        return Optional.of(new PendingChallenge(name, solver.whereCaLooks(auth, challenge), challenge, placed));
    }

    private void awaitValid(PendingChallenge p, long deadline) throws IssuanceException, InterruptedException {
        try {
            Status status = poller.await(p.challenge(), Set.of(Status.VALID), deadline);
            if (status != Status.VALID) {
                throw new IssuanceException(IssuanceStep.VALIDATION, p.name() + ": the CA could not validate "
                        + p.where() + " (" + p.challenge().getType() + "): "
                        + withoutKeyAuthorization(p.challenge().getError(), p.challenge()), false, null, null);
            }
            LOG.info("{}{}: validated ({})", logPrefix, p.name(), p.challenge().getType());
        } catch (AcmeException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.VALIDATION, p.name() + ": ", e);
        } catch (StatusPoller.PollTimeoutException e) {
            throw new IssuanceException(IssuanceStep.VALIDATION, p.name() + ": " + e.getMessage(), true, null, e);
        }
    }

    /** The identifier as the configuration names it: a wildcard keeps its {@code *.}. */
    private static String name(Authorization auth) {
        return (auth.isWildcard() ? "*." : "") + auth.getIdentifier().getValue();
    }

    /**
     * The CA's reason, with the key authorization (token and account thumbprint) it may quote
     * masked: it ties the board to its ACME account and has no business in logs.
     */
    private static String withoutKeyAuthorization(Optional<Problem> problem, TokenChallenge challenge) {
        String reason = problem.map(AcmeFailures::describe).orElse("no reason given");
        String keyAuthorization = challenge.getAuthorization();
        String thumbprint = keyAuthorization.substring(keyAuthorization.indexOf('.') + 1);
        return reason.replace(thumbprint, "<account thumbprint>");
    }

    private List<X509Certificate> finalizeAndDownload(Order order, byte[] csr, String subject)
            throws IssuanceException, InterruptedException {
        try {
            // The order's status is the one from its creation; ask at once rather than after a first poll interval.
            order.fetch();
            requireNotInvalid(order, poller.await(order, Set.of(Status.READY, Status.VALID),
                    poller.deadlineIn(VALIDATION_TIMEOUT)), subject);
            order.execute(csr);
            requireNotInvalid(order, poller.await(order, Set.of(Status.VALID), poller.deadlineIn(FINALIZE_TIMEOUT)),
                    subject);
        } catch (AcmeException | AcmeProtocolException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.FINALIZE, subject + ": ", e);
        } catch (StatusPoller.PollTimeoutException e) {
            throw new IssuanceException(IssuanceStep.FINALIZE, subject + ": " + e.getMessage(), true, null, e);
        }
        try {
            var certificate = order.getCertificate();
            certificate.download();
            return certificate.getCertificateChain();
        } catch (AcmeException | AcmeProtocolException e) {
            throw AcmeFailures.classify(sessions.directory(), IssuanceStep.DOWNLOAD, subject + ": ", e);
        }
    }

    private static void requireNotInvalid(Order order, Status status, String subject) throws IssuanceException {
        if (status == Status.INVALID) {
            String reason = order.getError().map(AcmeFailures::describe).orElse("no reason given");
            throw new IssuanceException(IssuanceStep.FINALIZE, subject + ": the order became invalid: " + reason,
                    false, null, null);
        }
    }

    private record PendingChallenge(String name, String where, TokenChallenge challenge, ChallengeSolver.Placed placed) {
    }
}
