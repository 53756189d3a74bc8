package io.hotcert.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.hotcert.crypto.Pem;

/** Parses the values of the {@code acme.*} keys. */
final class AcmeValues {

    static final URI LETSENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    static final URI LETSENCRYPT_STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");
    private static final List<String> DIRECTORY_ALIASES = List.of("letsencrypt", "letsencrypt-staging");

    /** The ACME profiles draft leaves names open; a plain token is safe to log and pass on. */
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MIN_HMAC_KEY_BYTES = 16;

    private AcmeValues() {
    }

    static URI directory(String text) {
        String expected = "letsencrypt, letsencrypt-staging or an https:// URL with a host (RFC 8555 requires HTTPS)";
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "letsencrypt" -> LETSENCRYPT;
            case "letsencrypt-staging" -> LETSENCRYPT_STAGING;
            default -> {
                // A mistyped alias is no URL either, and "not a URL" would not say what was meant.
                if (!text.contains(":")) {
                    EditDistance.closest(text, DIRECTORY_ALIASES, 3).ifPresent(alias -> {
                        throw new IllegalArgumentException('"' + text + "\" is not a known CA; did you mean " + alias
                                + "? expected " + expected);
                    });
                }
                yield WebUrls.parse(text, expected, List.of("https"));
            }
        };
    }

    /** A plain local@domain check: the CA validates contacts properly, this only catches slips. */
    static String email(String text) {
        int at = text.lastIndexOf('@');
        String local = at < 0 ? "" : text.substring(0, at);
        String domain = text.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.isEmpty() || local.chars().anyMatch(c -> c == '@' || Character.isWhitespace(c)) || !DomainNames.isValid(domain)) {
            throw new IllegalArgumentException('"' + text + "\" is not an email address; expected local@domain,"
                    + " e.g. admin@example.com");
        }
        return text;
    }

    /** Checks the key without ever putting it into a message: it is a credential. */
    static String hmacKey(String text) {
        byte[] key = decodeBase64(text).orElseThrow(() -> new IllegalArgumentException(
                "the value given is not base64url; expected the base64url-encoded MAC key from the CA"));
        if (key.length < MIN_HMAC_KEY_BYTES) {
            throw new IllegalArgumentException("the value given decodes to only " + key.length + " bytes; expected"
                    + " a key of at least " + MIN_HMAC_KEY_BYTES + " bytes");
        }
        return text;
    }

    static String profile(String text) {
        if (!PROFILE.matcher(text).matches()) {
            throw new IllegalArgumentException('"' + text + "\" is not a profile name; expected letters, digits,"
                    + " '-', '_' and '.' only, e.g. tlsserver");
        }
        return text;
    }

    /** Checks the trust store is a readable file holding at least one PEM certificate. */
    static Path trustStore(Path file) {
        String expected = "a PEM file of CA certificates";
        ConfigPaths.requireReadableFile(file, expected);
        List<?> certificates;
        try {
            certificates = Pem.readCertificates(file);
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports malformed PEM content with unchecked exceptions, too.
            throw new IllegalArgumentException('"' + file.toString() + "\" cannot be read as PEM certificates ("
                    + e.getMessage() + "); expected " + expected);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException('"' + file.toString() + "\" contains no PEM certificate; expected "
                    + expected + " (-----BEGIN CERTIFICATE----- blocks)");
        }
        return file;
    }

    /** CAs hand out keys in base64url, but some documentation shows standard base64; take both. */
    private static Optional<byte[]> decodeBase64(String text) {
        for (Base64.Decoder decoder : List.of(Base64.getUrlDecoder(), Base64.getDecoder())) {
            try {
                return Optional.of(decoder.decode(text));
            } catch (IllegalArgumentException e) {
                // try the next alphabet
            }
        }
        return Optional.empty();
    }
}
