package io.hotcert.challenge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.storage.AtomicFiles;
import io.hotcert.storage.StorageLayout;

/**
 * HTTP-01 answers as files for another web server that owns port 80 ({@code challenge.webroot}):
 * each key authorization in {@code WEBROOT/.well-known/acme-challenge/TOKEN}, readable by that
 * server (0644 files in 0755 directories), written under a temporary name and renamed, so the
 * server never sends half an answer, and deleted when the challenge ends. Nothing else in that
 * directory is ever touched.
 *
 * <p>Only a token of the ACME alphabet (base64url, RFC 8555 section 8.3) becomes a file name: a
 * token from the CA with a slash, a dot or anything else could name a path outside the directory.
 */
public final class WebrootChallenges implements ChallengeAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(WebrootChallenges.class);

    private final Path challengeDir;
    private final AtomicFiles files;

    /** @param webroot the web server's document root: absolute, as the configuration guarantees */
    public WebrootChallenges(Path webroot, AtomicFiles files) {
        this.challengeDir = webroot.resolve(".well-known").resolve("acme-challenge");
        this.files = files;
    }

    @Override
    public void add(String token, String keyAuthorization) throws IOException {
        Optional<String> fault = fault(token);
        if (fault.isPresent()) {
            throw new IOException("refused the CA's http-01 token as a file name in " + challengeDir + ": "
                    + fault.get());
        }
        files.createDirectories(challengeDir, StorageLayout.PUBLIC_DIRECTORY);
        Path file = challengeDir.resolve(token);
        files.write(file, keyAuthorization.getBytes(StandardCharsets.US_ASCII), StorageLayout.PUBLIC_FILE);
        LOG.info("HTTP-01 answer written to {} for the web server there", file);
    }

    /** A token that was refused was never written, so there is nothing of it to delete. */
    @Override
    public void remove(String token) {
        if (fault(token).isPresent()) {
            return;
        }
        try {
            files.delete(challengeDir.resolve(token));
        } catch (IOException e) {
            LOG.warn("{}; the web server answers this finished challenge until the file is deleted", e.getMessage());
        }
    }

    /**
     * What makes {@code token} unfit as a file name, in words that do not repeat it: the CA's
     * text could hold anything, control characters too.
     */
    private static Optional<String> fault(String token) {
        if (token.isEmpty()) {
            return Optional.of("it is empty");
        }
        for (int i = 0; i < token.length(); i++) {
            if (!isBase64Url(token.charAt(i))) {
                return Optional.of("character " + (i + 1) + " of " + token.length()
                        + " is not base64url (A-Z, a-z, 0-9, - and _)");
            }
        }
        return Optional.empty();
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
