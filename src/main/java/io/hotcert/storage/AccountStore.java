package io.hotcert.storage;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.util.Optional;
import java.util.Properties;

import io.hotcert.crypto.Pem;
import io.hotcert.logging.Reasons;

/**
 * The ACME account under {@code storage.dir/account/} (directory 0700): its key pair in
 * {@code privkey.pem} and its registration in {@code account.properties}, both 0600 from the
 * moment they exist and replaced atomically.
 */
public final class AccountStore {

    private static final String DIRECTORY_KEY = "directory";
    private static final String LOCATION_KEY = "location";
    private static final String TERMS_KEY = "terms-of-service";
    private static final String TERMS_SEEN_KEY = "terms-of-service.seen";

    private final StorageLayout layout;
    private final AtomicFiles files;

    public AccountStore(Path storageDir, AtomicFiles files) {
        this.layout = StorageLayout.absolute(storageDir);
        this.files = files;
    }

    /** The account key pair; empty when no account key was created yet. */
    public Optional<KeyPair> readKey() throws IOException {
        return readIfPresent(layout.accountKey(), Pem::readKeyPair);
    }

    public void writeKey(KeyPair keyPair) throws IOException {
        write(layout.accountKey(), Pem.encodeKeyPair(keyPair).getBytes(StandardCharsets.US_ASCII));
    }

    /** The registered account; empty when none was registered yet. */
    public Optional<AccountRecord> readAccount() throws IOException {
        return readIfPresent(layout.accountRecord(), AccountStore::parseRecord);
    }

    public void writeAccount(AccountRecord account) throws IOException {
        var properties = new Properties();
        properties.setProperty(DIRECTORY_KEY, account.directory().toString());
        properties.setProperty(LOCATION_KEY, account.location().toString());
        account.termsOfService().ifPresent(terms -> properties.setProperty(TERMS_KEY, terms.toString()));
        account.termsOfServiceSeen().ifPresent(terms -> properties.setProperty(TERMS_SEEN_KEY, terms.toString()));
        var out = new StringWriter();
        properties.store(out, "ACME account of this hotcert installation; written by hotcert");
        write(layout.accountRecord(), out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void write(Path file, byte[] content) throws IOException {
        files.createDirectories(layout.account(), StorageLayout.PRIVATE_DIRECTORY);
        files.deleteStaleTemps(layout.account());
        files.write(file, content, StorageLayout.PRIVATE_FILE);
    }

    private static AccountRecord parseRecord(Path file) throws IOException {
        var properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        try {
            return new AccountRecord(new URI(required(properties, DIRECTORY_KEY)),
                    new URI(required(properties, LOCATION_KEY)).toURL(), optionalUri(properties, TERMS_KEY),
                    optionalUri(properties, TERMS_SEEN_KEY));
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new IOException("malformed URL: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException("missing key '" + key + "'");
        }
        return value.trim();
    }

    private static Optional<URI> optionalUri(Properties properties, String key) throws URISyntaxException {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new URI(value.trim()));
    }

    /**
     * Empty only when the file is truly absent: {@link Files#exists} also answers false when the
     * file cannot be looked at (a user who may not enter {@code account/}), which would pass a
     * permission problem off as "no account".
     */
    private static <T> Optional<T> readIfPresent(Path file, StoredFileParser<T> parser) throws IOException {
        try {
            Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // The file system's message names the file already.
            throw new IOException("cannot read " + Reasons.of(e), e);
        }
        return Optional.of(StoredFileParser.read(file, parser));
    }
}
