package io.hotcert.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.hotcert.crypto.KeyType;

/** Every key the configuration file may contain, with its default where it has one. */
enum ConfigKey {
    DOMAINS("domains", Occurrence.REQUIRED),
    ACME_DIRECTORY("acme.directory", "letsencrypt"),
    ACME_EMAIL("acme.email", Occurrence.OPTIONAL),
    ACME_TERMS_AGREED("acme.terms-agreed", "false"),
    ACME_TRUST_STORE("acme.trust-store", Occurrence.OPTIONAL),
    ACME_EAB_KID("acme.eab.kid", Occurrence.OPTIONAL),
    ACME_EAB_HMAC_KEY("acme.eab.hmac-key", Occurrence.OPTIONAL),
    ACME_PROFILE("acme.profile", Occurrence.OPTIONAL),
    // Optional rather than defaulted: the default follows the listeners (http-01, or tls-alpn-01 when only HTTPS is on).
    ACME_CHALLENGES("acme.challenges", Occurrence.OPTIONAL),
    KEY_TYPE("key.type", KeyType.EC_P256.propertyValue()),
    STORAGE_DIR("storage.dir", "/var/lib/hotcert"),
    HTTP_ADDRESS("http.address", ListenAddress.IPV6_WILDCARD),
    HTTP_PORT("http.port", "80"),
    // Absent by default: hotcert answers HTTP-01 on its own HTTP listener.
    CHALLENGE_WEBROOT("challenge.webroot", Occurrence.OPTIONAL),
    // DNS-01 through RFC 2136: all four of server, zone, key name and secret file, or none.
    DNS_SERVER("dns.server", Occurrence.OPTIONAL),
    DNS_ZONE("dns.zone", Occurrence.OPTIONAL),
    DNS_TSIG_NAME("dns.tsig.name", Occurrence.OPTIONAL),
    // Optional rather than defaulted, so that a lone dns.tsig.algorithm is reported; hmac-sha256 when absent.
    DNS_TSIG_ALGORITHM("dns.tsig.algorithm", Occurrence.OPTIONAL),
    DNS_TSIG_SECRET_FILE("dns.tsig.secret-file", Occurrence.OPTIONAL),
    HTTPS_ADDRESS("https.address", ListenAddress.IPV6_WILDCARD),
    HTTPS_PORT("https.port", "443"),
    HTTPS_BACKEND("https.backend", Occurrence.OPTIONAL),
    HTTPS_STATIC_DIR("https.static-dir", Occurrence.OPTIONAL),
    HTTPS_HANDSHAKE_TIMEOUT("https.handshake-timeout", "10s"),
    HTTPS_MAX_CONNECTIONS_PER_ADDRESS("https.max-connections-per-address",
            String.valueOf(ServerLimits.DEFAULT_CONNECTIONS_PER_ADDRESS)),
    HTTPS_TLS_ENGINE("https.tls-engine", TlsEngineChoice.AUTO.propertyValue()),
    HTTPS_HSTS("https.hsts", "off"),
    HTTPS_ACCESS_LOG("https.access-log", "off"),
    // Optional rather than defaulted: the daemon picks a minute per install when it is absent.
    RENEW_SCHEDULE("renew.schedule", Occurrence.OPTIONAL),
    // Optional rather than defaulted: the default share follows the lifetime (RenewBefore.Default).
    RENEW_BEFORE_EXPIRY("renew.before-expiry", Occurrence.OPTIONAL),
    // Optional rather than defaulted: the default follows the board's processor count.
    SERVER_IO_THREADS("server.io-threads", Occurrence.OPTIONAL),
    SERVER_WORKER_THREADS("server.worker-threads", "4"),
    SERVER_DRAIN_TIMEOUT("server.drain-timeout", "10s"),
    HOOKS_DEPLOY("hooks.deploy", Occurrence.OPTIONAL),
    CONTROL_SOCKET("control.socket", "/run/hotcert/control.sock"),
    METRICS_ADDRESS("metrics.address", "127.0.0.1"),
    // Off by default: a board should not expose anything it was not asked to.
    METRICS_PORT("metrics.port", "0");

    /** Whether a key may be left out, and what leaving it out means. */
    enum Occurrence { REQUIRED, OPTIONAL, DEFAULTED }

    private final String property;
    private final Occurrence occurrence;
    private final String defaultValue;

    ConfigKey(String property, Occurrence occurrence) {
        this(property, occurrence, null);
    }

    ConfigKey(String property, String defaultValue) {
        this(property, Occurrence.DEFAULTED, defaultValue);
    }

    ConfigKey(String property, Occurrence occurrence, String defaultValue) {
        this.property = property;
        this.occurrence = occurrence;
        this.defaultValue = defaultValue;
    }

    /** The name as written in the properties file. */
    String property() {
        return property;
    }

    Occurrence occurrence() {
        return occurrence;
    }

    /** The value used when the key is absent; present exactly for {@link Occurrence#DEFAULTED} keys. */
    Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    static Optional<ConfigKey> byProperty(String property) {
        return Arrays.stream(values()).filter(key -> key.property.equals(property)).findFirst();
    }

    static List<String> properties() {
        return Arrays.stream(values()).map(ConfigKey::property).toList();
    }

    @Override
    public String toString() {
        return property;
    }
}
