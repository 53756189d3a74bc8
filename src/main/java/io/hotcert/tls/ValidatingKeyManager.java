package io.hotcert.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLEngine;

import io.hotcert.crypto.CertificateSet;

/**
 * The served set's key manager, except for a handshake that negotiated acme-tls/1 (which
 * {@link AlpnValidations} grants only for a name in flight): that one gets the name's validation
 * certificate, and nothing when the validation ended meanwhile, so the CA never sees the served set
 * on acme-tls/1 and normal clients never see a validation certificate.
 */
final class ValidatingKeyManager extends ServerKeyManager {

    /** Cannot be an alias of the served set, whose aliases start with "hotcert-". */
    private static final String ALIAS_PREFIX = AlpnValidations.ACME_TLS_1 + ":";

    private final SwappableKeyManager served;
    private final AlpnValidations validations;

    ValidatingKeyManager(SwappableKeyManager served, AlpnValidations validations) {
        this.served = served;
        this.validations = validations;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Optional<String> granted = validations.grantedName(engine);
        if (granted.isEmpty()) {
            return served.chooseEngineServerAlias(keyType, issuers, engine);
        }
        return granted.filter(name -> validations.find(name)
                .filter(set -> set.privateKey().getAlgorithm().equals(keyType)).isPresent())
                .map(name -> ALIAS_PREFIX + name).orElse(null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return served.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return served.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
            return validation(alias).map(set -> set.chain().toArray(X509Certificate[]::new)).orElse(null);
        }
        return served.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
            return validation(alias).map(CertificateSet::privateKey).orElse(null);
        }
        return served.getPrivateKey(alias);
    }

    private Optional<CertificateSet> validation(String alias) {
        return validations.find(alias.substring(ALIAS_PREFIX.length()));
    }
}
