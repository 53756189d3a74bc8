package io.hotcert.config;

import static io.hotcert.config.ConfigKey.*;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import org.quartz.CronExpression;

import io.hotcert.crypto.IpAddresses;
import io.hotcert.crypto.KeyType;
import io.hotcert.logging.Reasons;

/**
 * Finds, reads and validates the configuration file (a Java properties file, read as UTF-8).
 *
 * <p>Validation is strict and complete: unknown keys, empty values and bad values are all
 * errors, and every problem in the file is reported together in one {@link ConfigException}.
 *
 * <p>Relative paths in {@code storage.dir}, {@code acme.trust-store}, {@code https.static-dir},
 * {@code challenge.webroot} and {@code control.socket} are resolved against the directory that contains the properties
 * file, not the working directory, so a configuration means the same wherever hotcert is
 * started from. All paths in the resulting {@link Settings} are absolute and normalized.
 */
public final class SettingsLoader {

    /** Where the configuration is read from when neither --config nor $HOTCERT_CONFIG says otherwise. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/hotcert/hotcert.properties");

    static final String CONFIG_ENVIRONMENT_VARIABLE = "HOTCERT_CONFIG";

    /** Let's Encrypt's profile of 160-hour certificates, the only one on which it issues for IP addresses. */
    static final String SHORT_LIVED_PROFILE = "shortlived";

    private final Map<String, String> environment;

    /** @param environment the process environment (or a stand-in), for {@code $HOTCERT_CONFIG} */
    public SettingsLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** --config if given, else $HOTCERT_CONFIG (when set and not blank), else {@link #DEFAULT_CONFIG}. */
    public Path locate(Optional<Path> commandLineConfig) {
        return commandLineConfig.orElseGet(() -> Optional.ofNullable(environment.get(CONFIG_ENVIRONMENT_VARIABLE))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .orElse(DEFAULT_CONFIG));
    }

    /** Reads and validates the file; all problems of the file are collected and thrown together. */
    public Settings load(Path file) throws ConfigException {
        PropertiesText.Read read;
        try {
            ConfigPaths.requireReadableFile(file, "the hotcert properties file; name it with --config or $"
                    + CONFIG_ENVIRONMENT_VARIABLE);
            read = PropertiesText.read(Utf8File.read(file));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, List.of("configuration file " + e.getMessage()));
        } catch (IOException e) {
            throw new ConfigException(file, List.of("cannot read configuration file \"" + file + "\" (" + Reasons.of(e)
                    + "); expected a UTF-8 properties file"));
        }
        return parse(read.properties(), read.duplicates(), file);
    }

    /**
     * Validates already-read properties; {@code file} is where they came from, used to resolve
     * relative paths and in messages.
     */
    public Settings parse(Properties properties, Path file) throws ConfigException {
        return parse(properties, List.of(), file);
    }

    /** @param readingProblems what reading the file found already (keys given twice), reported with the rest */
    private Settings parse(Properties properties, List<String> readingProblems, Path file) throws ConfigException {
        Path configFile = file.toAbsolutePath().normalize();
        var paths = new ConfigPaths(configFile.getParent());
        var in = new PropertyReader(properties, readingProblems);

        var domains = in.read(DOMAINS, text -> DomainNames.parseList(text, in.isSet(DNS_SERVER)));
        var directory = in.read(ACME_DIRECTORY, AcmeValues::directory);
        var email = in.read(ACME_EMAIL, AcmeValues::email);
        var termsAgreed = in.read(ACME_TERMS_AGREED, SettingsLoader::bool);
        var trustStore = in.read(ACME_TRUST_STORE, text -> AcmeValues.trustStore(paths.resolve(text)));
        var eab = externalAccountBinding(in);
        var profile = in.read(ACME_PROFILE, AcmeValues::profile);
        var keyType = in.read(KEY_TYPE, SettingsLoader::keyType);
        var storageDir = in.read(STORAGE_DIR, paths::resolve);
        var webroot = in.read(CHALLENGE_WEBROOT, text -> ConfigPaths.requireWritableDirectory(paths.resolve(text),
                Path.of(".well-known", "acme-challenge"), "the document root of the web server that answers HTTP-01"
                        + " on port 80, with .well-known/acme-challenge in it writable by hotcert (under systemd:"
                        + " ReadWritePaths=)"));
        var givenChallenges = in.read(ACME_CHALLENGES, ChallengeType::parseList);
        var https = listenAddress(in, HTTPS_ADDRESS, HTTPS_PORT, 0);
        boolean httpsOn = https.map(ListenAddress::enabled).orElse(false);
        var http = webrootListener(in, listenAddress(in, HTTP_ADDRESS, HTTP_PORT,
                httpMayBeOff(in, givenChallenges, httpsOn) ? 0 : 1));
        var backend = in.read(HTTPS_BACKEND, text -> WebUrls.parse(text,
                "an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080", List.of("http", "https")));
        var staticDir = in.read(HTTPS_STATIC_DIR, text -> ConfigPaths.requireDirectory(paths.resolve(text),
                "an existing directory of files to serve"));
        var tlsEngine = in.read(HTTPS_TLS_ENGINE, SettingsLoader::tlsEngine);
        Optional<List<ChallengeType>> challenges = challengeTypes(in, givenChallenges, http, httpsOn, tlsEngine);
        var httpsOptions = httpsOptions(in);
        var schedule = in.read(RENEW_SCHEDULE, SettingsLoader::cron);
        var renewBefore = in.isSet(RENEW_BEFORE_EXPIRY) ? in.read(RENEW_BEFORE_EXPIRY, RenewBefore::parse)
                : Optional.<RenewBefore>of(new RenewBefore.Default());
        var server = serverLimits(in);
        var deployHook = in.read(HOOKS_DEPLOY, command -> command);
        var controlSocket = in.read(CONTROL_SOCKET, paths::resolve);
        var metrics = listenAddress(in, METRICS_ADDRESS, METRICS_PORT, 0);
        var dns = dnsUpdates(in, paths);
        challenges = withDns01(in, challenges, dns);

        if (in.isSet(HTTPS_BACKEND) && in.isSet(HTTPS_STATIC_DIR)) {
            in.report(HTTPS_STATIC_DIR, "set only one of https.backend and https.static-dir");
        }
        if (https.isPresent() && https.get().enabled() && !in.isSet(HTTPS_BACKEND) && !in.isSet(HTTPS_STATIC_DIR)) {
            in.report(HTTPS_BACKEND, "missing; HTTPS is on (https.port " + https.get().port() + "), so set"
                    + " https.backend (e.g. http://127.0.0.1:8080) or https.static-dir, or turn HTTPS off with"
                    + " https.port=0");
        }
        reportIpAddressesWithoutShortLivedProfile(in, domains, directory, profile);
        reportSharedPort(in, https, HTTPS_PORT, http, "http");
        reportSharedPort(in, metrics, METRICS_PORT, http, "http");
        reportSharedPort(in, metrics, METRICS_PORT, https, "https");

        if (!in.problems().isEmpty()) {
            throw new ConfigException(configFile, in.problems());
        }
        return new Settings(domains.orElseThrow(), directory.orElseThrow(), email, termsAgreed.orElseThrow(),
                trustStore, eab, profile, keyType.orElseThrow(), storageDir.orElseThrow(), http.orElseThrow(),
                https.orElseThrow(), backend, staticDir, tlsEngine.orElseThrow(), httpsOptions.orElseThrow(), schedule, renewBefore.orElseThrow(), server.orElseThrow(), deployHook,
                controlSocket.orElseThrow(), metrics.orElseThrow(), webroot, dns, challenges.orElseThrow(), configFile);
    }

    /**
     * hotcert's HTTP listener may be off (port 0) when something else answers HTTP-01 (a webroot),
     * when acme.challenges leaves http-01 out, or when the challenge is left to the default and
     * HTTPS is on, which makes the default tls-alpn-01.
     */
    private static boolean httpMayBeOff(PropertyReader in, Optional<List<ChallengeType>> givenChallenges,
            boolean httpsOn) {
        if (in.isSet(CHALLENGE_WEBROOT)) {
            return true;
        }
        if (in.isSet(ACME_CHALLENGES)) {
            return givenChallenges.filter(types -> !types.contains(ChallengeType.HTTP_01)).isPresent();
        }
        return httpsOn;
    }

    /**
     * acme.challenges as given, else http-01, or tls-alpn-01 when hotcert's HTTP listener is off
     * without a webroot: then http-01 could never succeed and HTTPS is on (see {@link #httpMayBeOff}).
     * Each listed type must be answerable with the listeners configured.
     */
    private static Optional<List<ChallengeType>> challengeTypes(PropertyReader in,
            Optional<List<ChallengeType>> given, Optional<ListenAddress> http, boolean httpsOn,
            Optional<TlsEngineChoice> tlsEngine) {
        if (in.isSet(ACME_CHALLENGES) && given.isEmpty()) {
            return Optional.empty();
        }
        boolean httpOn = in.isSet(CHALLENGE_WEBROOT) || http.map(ListenAddress::enabled).orElse(true);
        List<ChallengeType> types = given.orElse(List.of(httpOn ? ChallengeType.HTTP_01 : ChallengeType.TLS_ALPN_01));
        if (types.contains(ChallengeType.HTTP_01) && !httpOn) {
            in.report(ACME_CHALLENGES, "http-01 is answered on hotcert's HTTP listener, which http.port=0 turns off,"
                    + " or from challenge.webroot; set one of them, or leave http-01 out");
        }
        if (!types.contains(ChallengeType.TLS_ALPN_01)) {
            return Optional.of(types);
        }
        String why = given.isPresent() ? "acme.challenges has tls-alpn-01"
                : "tls-alpn-01 is the challenge (the default when http.port=0 and HTTPS is on)";
        if (!httpsOn) {
            in.report(ACME_CHALLENGES, "tls-alpn-01 is answered on the HTTPS listener, which https.port=0 turns off;"
                    + " set https.port (e.g. 443), or leave tls-alpn-01 out");
        }
        if (tlsEngine.filter(engine -> engine == TlsEngineChoice.OPENSSL).isPresent()) {
            in.report(HTTPS_TLS_ENGINE, "openssl cannot answer tls-alpn-01: the native engine cannot choose the"
                    + " validation certificate by the acme-tls/1 protocol; expected auto or jdk while " + why);
        }
        return Optional.of(types);
    }

    /**
     * DNS-01 needs its server and key. Left to the default, it comes after the listener's challenge
     * when they are configured: the first challenge possible proves the plain names, and DNS-01 the
     * wildcards, which no other challenge can.
     */
    private static Optional<List<ChallengeType>> withDns01(PropertyReader in, Optional<List<ChallengeType>> types,
            Optional<DnsSettings> dns) {
        if (types.isEmpty()) {
            return types;
        }
        if (in.isSet(ACME_CHALLENGES)) {
            if (types.get().contains(ChallengeType.DNS_01) && !in.isSet(DNS_SERVER)) {
                in.report(ACME_CHALLENGES, "dns-01 needs dns.server, dns.zone, dns.tsig.name and"
                        + " dns.tsig.secret-file (RFC 2136 updates); set them, or leave dns-01 out");
            }
            return types;
        }
        if (dns.isEmpty()) {
            return types;
        }
        var withDns = new ArrayList<>(types.get());
        withDns.add(ChallengeType.DNS_01);
        return Optional.of(List.copyOf(withDns));
    }

    /**
     * With a webroot, another web server owns port 80 and hotcert's HTTP listener is off. An
     * {@code http.port} given anyway is refused rather than ignored: whoever wrote it expects
     * hotcert to listen there, and check-config is where that should show, not a log line at start.
     */
    private static Optional<ListenAddress> webrootListener(PropertyReader in, Optional<ListenAddress> http) {
        if (!in.isSet(CHALLENGE_WEBROOT)) {
            return http;
        }
        if (http.isPresent() && http.get().enabled() && in.isSet(HTTP_PORT)) {
            in.report(HTTP_PORT, "hotcert's HTTP listener is off when challenge.webroot is set (the web server"
                    + " serving that directory answers HTTP-01); remove http.port or set it to 0");
        }
        return http.map(address -> new ListenAddress(address.hosts(), 0));
    }

    /** Let's Encrypt issues IP-address certificates on its {@code shortlived} profile only; any other order fails at the CA. */
    private static void reportIpAddressesWithoutShortLivedProfile(PropertyReader in, Optional<List<String>> domains,
            Optional<URI> directory, Optional<String> profile) {
        List<String> addresses = domains.orElse(List.of()).stream()
                .filter(name -> IpAddresses.canonical(name).isPresent()).toList();
        boolean letsEncrypt = directory.filter(url -> url.equals(AcmeValues.LETSENCRYPT)
                || url.equals(AcmeValues.LETSENCRYPT_STAGING)).isPresent();
        if (letsEncrypt && !addresses.isEmpty() && !profile.equals(Optional.of(SHORT_LIVED_PROFILE))) {
            in.report(ACME_PROFILE, (profile.map(name -> "\"" + name + "\"").orElse("not set")) + "; domains lists "
                    + String.join(", ", addresses) + ", and Let's Encrypt issues certificates for IP addresses only on"
                    + " its " + SHORT_LIVED_PROFILE + " profile (160 hours); set acme.profile="
                    + SHORT_LIVED_PROFILE);
        }
    }

    /** DNS-01 needs the server, the zone, and the key's name and secret; half of them would only fail at the CA. */
    private static Optional<DnsSettings> dnsUpdates(PropertyReader in, ConfigPaths paths) {
        var server = in.read(DNS_SERVER, DnsValues::server);
        var zone = in.read(DNS_ZONE, DnsValues::zone);
        var keyName = in.read(DNS_TSIG_NAME, DnsValues::keyName);
        var algorithm = in.read(DNS_TSIG_ALGORITHM, DnsValues::algorithm);
        var secret = in.read(DNS_TSIG_SECRET_FILE, text -> DnsValues.secretFile(paths.resolve(text)));
        List<ConfigKey> required = List.of(DNS_SERVER, DNS_ZONE, DNS_TSIG_NAME, DNS_TSIG_SECRET_FILE);
        List<ConfigKey> given = required.stream().filter(in::isSet).toList();
        if (!given.isEmpty() && given.size() < required.size()) {
            required.stream().filter(key -> !in.isSet(key)).forEach(key -> in.report(key, "missing; "
                    + given.stream().map(ConfigKey::property).collect(Collectors.joining(", "))
                    + (given.size() == 1 ? " is" : " are") + " set, and DNS-01 needs all of "
                    + required.stream().map(ConfigKey::property).collect(Collectors.joining(", "))));
        } else if (given.isEmpty() && in.isSet(DNS_TSIG_ALGORITHM)) {
            in.report(DNS_TSIG_ALGORITHM, "set without dns.server, dns.zone, dns.tsig.name and dns.tsig.secret-file;"
                    + " set them all for DNS-01, or remove it");
        }
        return server.flatMap(s -> zone.flatMap(z -> keyName.flatMap(k -> secret.map(f -> new DnsSettings(s.host(),
                s.port(), z, k, algorithm.orElse(DnsValues.DEFAULT_ALGORITHM), f.file(), f.secret())))));
    }

    /** Two listeners on one address and port could never both bind; said now rather than at start. */
    private static void reportSharedPort(PropertyReader in, Optional<ListenAddress> listener, ConfigKey portKey,
            Optional<ListenAddress> other, String otherName) {
        Optional<String> shared = listener.filter(ListenAddress::enabled)
                .flatMap(mine -> other.flatMap(mine::hostSharedWith));
        if (shared.isPresent()) {
            in.report(portKey, shared.get() + " port " + listener.get().port() + " is already used by "
                    + otherName + ".address and " + otherName + ".port; expected a different address or port");
        }
    }

    /** Both keys or neither: half a binding would only fail later, at the CA. */
    private static Optional<ExternalAccountBinding> externalAccountBinding(PropertyReader in) {
        var keyId = in.read(ACME_EAB_KID, id -> id);
        var hmacKey = in.read(ACME_EAB_HMAC_KEY, AcmeValues::hmacKey);
        if (in.isSet(ACME_EAB_KID) != in.isSet(ACME_EAB_HMAC_KEY)) {
            ConfigKey given = in.isSet(ACME_EAB_KID) ? ACME_EAB_KID : ACME_EAB_HMAC_KEY;
            ConfigKey missing = given == ACME_EAB_KID ? ACME_EAB_HMAC_KEY : ACME_EAB_KID;
            in.report(missing, "missing; " + given + " is set, and External Account Binding needs both");
        }
        return keyId.flatMap(id -> hmacKey.map(key -> new ExternalAccountBinding(id, key)));
    }

    private static Optional<HttpsOptions> httpsOptions(PropertyReader in) {
        var hsts = in.read(HTTPS_HSTS, text -> text.equalsIgnoreCase("off") ? Optional.<Duration>empty()
                : Optional.of(Durations.parse(text, "expected how long browsers should insist on HTTPS (the header's"
                        + " max-age), in d, h, m or s (e.g. 365d), or off")).filter(maxAge -> !maxAge.isZero()));
        var accessLog = in.read(HTTPS_ACCESS_LOG, SettingsLoader::accessLog);
        return hsts.flatMap(maxAge -> accessLog.map(log -> new HttpsOptions(maxAge, log)));
    }

    private static Optional<ServerLimits> serverLimits(PropertyReader in) {
        // One IO thread per core, up to two: enough to keep up with the network on a small board.
        int defaultIoThreads = Math.min(2, Runtime.getRuntime().availableProcessors());
        var ioThreads = in.read(SERVER_IO_THREADS, text -> count(text, 64, "a thread count")).or(() -> in.isSet(SERVER_IO_THREADS)
                ? Optional.empty() : Optional.of(defaultIoThreads));
        var workerThreads = in.read(SERVER_WORKER_THREADS, text -> count(text, 256, "a thread count"));
        var drain = in.read(SERVER_DRAIN_TIMEOUT, text -> Durations.parse(text,
                "expected how long in-flight requests may finish after SIGTERM, in d, h, m or s (e.g. 10s, 0s)"));
        var handshake = in.read(HTTPS_HANDSHAKE_TIMEOUT, SettingsLoader::handshakeTimeout);
        var perAddress = in.read(HTTPS_MAX_CONNECTIONS_PER_ADDRESS, text -> count(text,
                ServerLimits.CONNECTIONS_PER_LISTENER, "a connection count"));
        return ioThreads.flatMap(io -> workerThreads.flatMap(workers -> drain.flatMap(timeout -> handshake.flatMap(
                deadline -> perAddress.map(cap -> new ServerLimits(io, workers, timeout, deadline, cap))))));
    }

    private static Duration handshakeTimeout(String text) {
        String expected = "expected how long a client may take to finish its TLS handshake, in d, h, m or s (e.g. 10s)";
        Duration timeout = Durations.parse(text, expected);
        if (timeout.isZero()) {
            throw new IllegalArgumentException('"' + text + "\" would close every connection; " + expected);
        }
        return timeout;
    }

    /** @param what what the number counts, as the error message names it: "a thread count" */
    private static int count(String text, int highest, String what) {
        try {
            int count = Integer.parseInt(text);
            if (count >= 1 && count <= highest) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, together with out-of-range numbers
        }
        throw new IllegalArgumentException('"' + text + "\" is not " + what + "; expected an integer from 1 to "
                + highest);
    }

    private static Optional<ListenAddress> listenAddress(PropertyReader in, ConfigKey hostKey, ConfigKey portKey,
            int lowestPort) {
        var host = in.read(hostKey, ListenAddresses::hosts);
        var port = in.read(portKey, text -> ListenAddresses.port(text, lowestPort));
        return host.flatMap(h -> port.map(p -> new ListenAddress(h, p)));
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException('"' + text + "\" is not a boolean; expected true or false");
        };
    }

    private static AccessLog accessLog(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "off" -> AccessLog.OFF;
            case "journal" -> AccessLog.JOURNAL;
            default -> throw new IllegalArgumentException('"' + text + "\" is not an access log; expected off or journal"
                    + " (one line per request in the daemon's log)");
        };
    }

    private static KeyType keyType(String text) {
        return KeyType.fromPropertyValue(text.toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
                '"' + text + "\" is not a key type; expected one of " + KeyType.acceptedValues()));
    }

    private static TlsEngineChoice tlsEngine(String text) {
        return TlsEngineChoice.fromPropertyValue(text.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new IllegalArgumentException('"' + text + "\" is not a TLS engine; expected one of "
                        + TlsEngineChoice.acceptedValues()));
    }

    /** Quartz's own parse error says which field is wrong, so it is passed on. */
    private static String cron(String text) {
        try {
            new CronExpression(text);
            return text;
        } catch (ParseException e) {
            throw new IllegalArgumentException('"' + text + "\" is not a Quartz cron expression (" + e.getMessage()
                    + "); expected six or seven fields: seconds minutes hours day-of-month month day-of-week [year],"
                    + " e.g. 0 17 3,15 * * ?");
        }
    }
}
