package io.hotcert.storage;

import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * The ACME account registered for this installation: the directory it was registered with (so
 * that a changed {@code acme.directory} is noticed and leads to a new registration), the account
 * URL the CA gave it, and the CA's terms of service around it.
 *
 * @param termsOfService     the terms in force when the account was registered and agreed to them
 *                           (the directory's {@code meta.termsOfService}); empty when the CA named
 *                           none, or for a record written before hotcert kept them
 * @param termsOfServiceSeen terms the CA's directory showed later that differ from the agreed
 *                           ones; empty while the CA shows the agreed ones
 */
public record AccountRecord(URI directory, URL location, Optional<URI> termsOfService,
        Optional<URI> termsOfServiceSeen) {

    public AccountRecord(URI directory, URL location) {
        this(directory, location, Optional.empty(), Optional.empty());
    }

    /** A new registration, agreed to the terms the CA shows now. */
    public static AccountRecord registered(URI directory, URL location, Optional<URI> termsOfService) {
        return new AccountRecord(directory, location, termsOfService, Optional.empty());
    }

    /** True when the CA has shown other terms of service than the ones this account agreed to. */
    public boolean termsChanged() {
        return termsOfServiceSeen.isPresent() && !termsOfServiceSeen.equals(termsOfService);
    }

    /** This record, after the CA's directory showed {@code current} as its terms of service. */
    public AccountRecord seeingTerms(URI current) {
        if (termsOfService.isEmpty()) {
            // Registered before hotcert kept the terms: the ones in force now are the best guess of what was agreed.
            return new AccountRecord(directory, location, Optional.of(current), Optional.empty());
        }
        return new AccountRecord(directory, location, termsOfService,
                termsOfService.get().equals(current) ? Optional.empty() : Optional.of(current));
    }
}
