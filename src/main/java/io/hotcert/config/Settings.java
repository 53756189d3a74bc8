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
 * @param httpsOptions    the HSTS header and the access log of the HTTPS listener
 * @param renewSchedule   a Quartz cron expression as given; empty when the daemon should pick its own
 * @param metrics         where the daemon serves Prometheus metrics; port 0 (the default) means not at all
 * @param challengeWebroot the document root of another web server that answers HTTP-01 from files
 *                        hotcert writes there; when present, {@code http} has port 0 (off)
 * @param dns             where DNS-01's records go and the key that signs the updates; present when
 *                        {@code dns.server} and its companions are set
 * @param challenges      the challenge types to try, in order, each once; http-01 only when HTTP-01 can be
 *                        answered, tls-alpn-01 only when HTTPS is on (and not on the native engine)
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
        HttpsOptions httpsOptions,
        Optional<String> renewSchedule,
        RenewBefore renewBefore,
        ServerLimits server,
        Optional<String> deployHook,
        Path controlSocket,
        ListenAddress metrics,
        Optional<Path> challengeWebroot,
        Optional<DnsSettings> dns,
        List<ChallengeType> challenges,
        Path configFile) {

    public Settings {
        domains = List.copyOf(domains);
        challenges = List.copyOf(challenges);
    }

    /**
     * The settings of a dry run: everything in {@code scratchDir} (account included, so the
     * production account is never used), Let's Encrypt's staging CA in place of its production
     * one (any other CA is used as configured), and no deploy hook.
     */
    public Settings forDryRun(Path scratchDir) {
        return new Copy(this).acmeDirectory(dryRunDirectory()).storageDir(scratchDir).deployHook(Optional.empty()).build();
    }

    /** The CA a dry run orders from: Let's Encrypt's staging instead of Let's Encrypt, else the configured one. */
    public URI dryRunDirectory() {
        return acmeDirectory.equals(AcmeValues.LETSENCRYPT) ? AcmeValues.LETSENCRYPT_STAGING : acmeDirectory;
    }

    /**
     * A copy with some components changed, each by its name: a new component then needs one line
     * here rather than a correct position in every copy.
     */
    private static final class Copy {
        private final Settings base;
        private URI acmeDirectory;
        private Path storageDir;
        private Optional<String> deployHook;

        Copy(Settings base) {
            this.base = base;
            this.acmeDirectory = base.acmeDirectory();
            this.storageDir = base.storageDir();
            this.deployHook = base.deployHook();
        }

        Copy acmeDirectory(URI value) {
            acmeDirectory = value;
            return this;
        }

        Copy storageDir(Path value) {
            storageDir = value;
            return this;
        }

        Copy deployHook(Optional<String> value) {
            deployHook = value;
            return this;
        }

        Settings build() {
            return new Settings(base.domains(), acmeDirectory, base.acmeEmail(), base.termsAgreed(),
                    base.acmeTrustStore(), base.eab(), base.acmeProfile(), base.keyType(), storageDir, base.http(),
                    base.https(), base.httpsBackend(), base.httpsStaticDir(), base.httpsTlsEngine(), base.httpsOptions(),
                    base.renewSchedule(), base.renewBefore(), base.server(), deployHook, base.controlSocket(),
                    base.metrics(), base.challengeWebroot(), base.dns(), base.challenges(), base.configFile());
        }
    }
}
