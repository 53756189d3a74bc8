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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.ConfigException;
import io.hotcert.config.ExternalAccountBinding;
import io.hotcert.config.KeyType;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.storage.AccountRecord;
import io.hotcert.storage.AccountStore;

/**
 * The ACME account: its key is made once and kept in {@code account/}; the account is registered
 * with the CA the first time (or again when {@code acme.directory} names another CA) and its URL
 * remembered, so later renewals log in without a registration round trip.
 */
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    /** Account keys are EC P-256 (ES256): the one algorithm every ACME CA accepts. */
    private static final KeyType ACCOUNT_KEY_TYPE = KeyType.EC_P256;

    /** What registering needs from the configuration. */
    public record Registration(Optional<String> email, boolean termsAgreed, Optional<ExternalAccountBinding> eab,
            Path configFile) {
    }

    private final AccountStore store;
    private final KeyPairFactory keys;
    private final Registration registration;

    public AccountService(AccountStore store, KeyPairFactory keys, Registration registration) {
        this.store = store;
        this.keys = keys;
        this.registration = registration;
    }

    public Login login(Session session) throws IssuanceException, ConfigException, IOException {
        KeyPair key = accountKey();
        URI directory = session.getServerUri();
        Optional<AccountRecord> known = store.readAccount().filter(r -> r.directory().equals(directory));
        if (known.isPresent()) {
            return session.login(known.get().location(), key);
        }
        if (!registration.termsAgreed()) {
            throw new ConfigException(registration.configFile(), List.of("acme.terms-agreed: must be true before "
                    + "an account is registered with " + directory + "; read the CA's terms of service"
                    + termsLink(session) + " and set acme.terms-agreed=true"));
        }
        try {
            var builder = new AccountBuilder().useKeyPair(key).agreeToTermsOfService();
            registration.email().ifPresent(builder::addEmail);
            registration.eab().ifPresent(eab -> builder.withKeyIdentifier(eab.keyId(), eab.hmacKey()));
            Login login = builder.createLogin(session);
            store.writeAccount(new AccountRecord(directory, login.getAccountLocation()));
            LOG.info("account registered with {}: {}", directory, login.getAccountLocation());
            return login;
        } catch (AcmeException e) {
            throw AcmeFailures.classify(IssuanceStep.ACCOUNT, "registering with " + directory + ": ", e);
        }
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

    private static String termsLink(Session session) {
        try {
            return session.getMetadata().getTermsOfService().map(uri -> " at " + uri).orElse("");
        } catch (AcmeException e) {
            return "";
        }
    }
}
