package io.hotcert.acme;

import java.net.URI;
import java.util.Optional;

import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

import io.hotcert.storage.AccountRecord;

/**
 * What hotcert tells a person about the CA's terms of service: that they changed since the
 * account agreed, and what to do when the CA refuses to go on until someone agrees.
 */
public final class TermsOfService {

    private TermsOfService() {
    }

    /** For a record whose {@link AccountRecord#termsChanged()} is true. */
    public static String changeWarning(AccountRecord account) {
        return "the CA's terms of service changed: account " + account.location() + " agreed to "
                + account.termsOfService().map(URI::toString).orElse("(unknown)") + ", " + account.directory()
                + " now shows " + account.termsOfServiceSeen().map(URI::toString).orElse("(none)") + "; read the new"
                + " terms. Renewals go on while the CA accepts them; if it requires agreeing first, they fail and"
                + " name the page to agree on";
    }

    /**
     * The CA refuses to go on until the account holder acts, which RFC 8555 (7.3.3) foresees for
     * changed terms of service. Nothing here can agree on a person's behalf, so this is a failure
     * that waiting does not cure.
     */
    static IssuanceException userActionRequired(IssuanceStep step, String context, AcmeUserActionRequiredException e) {
        Optional<URI> terms = e.getTermsOfServiceUri();
        Optional<URI> instructions = e.getProblem().getInstance();
        String read = terms.map(uri -> "read its terms of service at " + uri).orElse("read its current terms of service");
        String agree = instructions.map(uri -> ", agree to them as " + uri + " explains")
                .orElse(", agree to them as the CA explains");
        return new IssuanceException(step, context + "the CA requires action by the account holder before it goes on,"
                + " most likely agreeing to changed terms of service: " + read + agree + ", keep acme.terms-agreed=true"
                + " and run hotcert renew again (the CA says: " + AcmeFailures.describe(e.getProblem()) + ")",
                false, null, e);
    }
}
