package io.hotcert.acme;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.ConfigException;
import io.hotcert.config.ExternalAccountBinding;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.storage.AccountRecord;
import io.hotcert.storage.AccountStore;

/**
 * The ACME account: its key is made once and kept in {@code account/}; the account is registered
 * with the CA the first time (or again when {@code acme.directory} names another CA, or when the
 * CA no longer knows it) and its URL remembered, so later renewals log in without a registration
 * round trip. It also notices when the CA's terms of service change after the account agreed.
 */
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    /** Account keys are EC P-256 (ES256): the one algorithm every ACME CA accepts. */
    private static final KeyType ACCOUNT_KEY_TYPE = KeyType.EC_P256;
    /** What a CA answers for an account URL it does not know (RFC 8555, 7.3.1): reset, purged or deleted. */
    static final URI ACCOUNT_DOES_NOT_EXIST = URI.create("urn:ietf:params:acme:error:accountDoesNotExist");

    /** What registering needs from the configuration. */
    public record Registration(Optional<String> email, boolean termsAgreed, Optional<ExternalAccountBinding> eab,
            Path configFile) {
    }

    /** Work done as the account, e.g. creating an order. */
    @FunctionalInterface
    public interface AccountAction<T> {
        T run(Login login) throws IssuanceException;
    }

    private final AccountStore store;
    private final KeyPairFactory keys;
    private final Registration registration;
    private final String logPrefix;

    /** @param logPrefix what its log lines start with ("" but in a dry run), so a trial is never taken for a renewal */
    public AccountService(AccountStore store, KeyPairFactory keys, Registration registration, String logPrefix) {
        this.store = store;
        this.keys = keys;
        this.registration = registration;
        this.logPrefix = logPrefix;
    }

    /**
     * Logs in and runs {@code action}. When the CA answers that it does not know the stored account
     * (a test CA restarted, an account purged), the account is registered again with the same key
     * and {@code action} runs once more, in the same renewal.
     */
    public <T> T withAccount(Session session, AccountAction<T> action)
            throws IssuanceException, ConfigException, IOException {
        Optional<AccountRecord> known = knownAccount(session);
        Login login = login(session, known);
        try {
            return action.run(login);
        } catch (IssuanceException e) {
            if (known.isEmpty() || !isUnknownAccount(e)) {
                throw e;
            }
            Login again = register(session);
            LOG.warn("{}account {} is unknown to {} ({}); registered again as {}{}", logPrefix, known.get().location(),
                    session.getServerUri(), ACCOUNT_DOES_NOT_EXIST, again.getAccountLocation(), agreeing(session));
            return action.run(again);
        }
    }

    /** Logs in with the stored account, or registers one when there is none for this CA. */
    private Login login(Session session, Optional<AccountRecord> known)
            throws IssuanceException, ConfigException, IOException {
        return known.isPresent() ? logIn(session, known.get()) : registerFirst(session);
    }

    private Optional<AccountRecord> knownAccount(Session session) throws IOException {
        return store.readAccount().filter(r -> r.directory().equals(session.getServerUri()));
    }

    private Login logIn(Session session, AccountRecord known) throws IOException {
        Optional<URI> terms = termsOfService(session);
        if (terms.isPresent()) {
            AccountRecord seeing = known.seeingTerms(terms.get());
            if (!seeing.equals(known)) {
                store.writeAccount(seeing);
            }
            if (seeing.termsChanged()) {
                LOG.warn("{}{}", logPrefix, TermsOfService.changeWarning(seeing));
            }
        }
        return session.login(known.location(), accountKey());
    }

    private Login registerFirst(Session session) throws IssuanceException, ConfigException, IOException {
        Login login = register(session);
        LOG.info("{}account registered with {}: {}{}", logPrefix, session.getServerUri(), login.getAccountLocation(),
                agreeing(session));
        return login;
    }

    private Login register(Session session) throws IssuanceException, ConfigException, IOException {
        URI directory = session.getServerUri();
        Optional<URI> terms = termsOfService(session);
        if (!registration.termsAgreed()) {
            throw new ConfigException(registration.configFile(), List.of("acme.terms-agreed: must be true before "
                    + "an account is registered with " + directory + "; read the CA's terms of service"
                    + terms.map(uri -> " at " + uri).orElse("") + " and set acme.terms-agreed=true"));
        }
        try {
            var builder = new AccountBuilder().useKeyPair(accountKey()).agreeToTermsOfService();
            registration.email().ifPresent(builder::addEmail);
            registration.eab().ifPresent(eab -> builder.withKeyIdentifier(eab.keyId(), eab.hmacKey()));
            Login login = builder.createLogin(session);
            store.writeAccount(AccountRecord.registered(directory, login.getAccountLocation(), terms));
            return login;
        } catch (AcmeException e) {
            throw AcmeFailures.classify(directory, IssuanceStep.ACCOUNT, "registering with " + directory + ": ", e);
        }
    }

    private static String agreeing(Session session) {
        return termsOfService(session).map(uri -> ", agreeing to the terms of service " + uri).orElse("");
    }

    private static boolean isUnknownAccount(IssuanceException e) {
        return e.getCause() instanceof AcmeServerException server && ACCOUNT_DOES_NOT_EXIST.equals(server.getType());
    }

    private KeyPair accountKey() throws IOException {
        Optional<KeyPair> existing = store.readKey();
        if (existing.isPresent()) {
            return existing.get();
        }
        KeyPair key = keys.generate(ACCOUNT_KEY_TYPE);
        store.writeKey(key);
        return key;
    }

    /** The CA's terms now; empty when it names none, or when its directory cannot be read (the order then fails anyway). */
    private static Optional<URI> termsOfService(Session session) {
        try {
            return session.getMetadata().getTermsOfService();
        } catch (AcmeException e) {
            return Optional.empty();
        }
    }
}
