package io.hotcert.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.hotcert.crypto.KeyType;

/**
 * The validated configuration of one hotcert installation, as read by {@link SettingsLoader}.
 * Every path is absolute and normalized; every value has already passed its checks, so users of
 * this record need not validate again.
 *
 * @param domains         the certificate's DNS names, lower-cased, in file order; the first is the subject
 * @param acmeDirectory   the ACME directory URL, with the {@code letsencrypt} shortcuts resolved
 * @param httpsBackend    the server HTTPS reverse-proxies to; exactly one of it and
 *                        {@code httpsStaticDir} is present when HTTPS is on
 * @param httpsTlsEngine which TLS implementation the HTTPS listener should run on
 * @param renewSchedule   a Quartz cron expression as given; empty when the daemon should pick its own
 * @param metrics         where the daemon serves Prometheus metrics; port 0 (the default) means not at all
 * @param configFile      the file these settings were loaded from
 */
public record Settings(
        List<String> domains,
        URI acmeDirectory,
        Optional<String> acmeEmail,
        boolean termsAgreed,
        Optional<Path> acmeTrustStore,
        Optional<ExternalAccountBinding> eab,
        Optional<String> acmeProfile,
        KeyType keyType,
        Path storageDir,
        ListenAddress http,
        ListenAddress https,
        Optional<URI> httpsBackend,
        Optional<Path> httpsStaticDir,
        TlsEngineChoice httpsTlsEngine,
        Optional<String> renewSchedule,
        RenewBefore renewBefore,
        ServerLimits server,
        Optional<String> deployHook,
        Path controlSocket,
        ListenAddress metrics,
        Path configFile) {

    public Settings {
        domains = List.copyOf(domains);
    }

    /**
     * The settings of a dry run: everything in {@code scratchDir} (account included, so the
     * production account is never used), Let's Encrypt's staging CA in place of its production
     * one (any other CA is used as configured), and no deploy hook.
     */
    public Settings forDryRun(Path scratchDir) {
        URI directory = acmeDirectory.equals(AcmeValues.LETSENCRYPT) ? AcmeValues.LETSENCRYPT_STAGING : acmeDirectory;
        return new Settings(domains, directory, acmeEmail, termsAgreed, acmeTrustStore, eab, acmeProfile, keyType,
                scratchDir, http, https, httpsBackend, httpsStaticDir, httpsTlsEngine, renewSchedule, renewBefore, server,
                Optional.empty(), controlSocket, metrics, configFile);
    }
}
