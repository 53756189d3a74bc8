package io.hotcert.acme;

import java.security.KeyPair;
import java.util.List;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.xbill.DNS.ReverseMap;

import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.IpAddresses;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.KeyType;
import io.hotcert.tls.AlpnValidations;

/**
 * TLS-ALPN-01 (RFC 8737): a self-signed certificate carrying the key authorization's digest,
 * served on port 443 to the handshake that asks for the name with the ALPN protocol
 * {@code acme-tls/1}, by the daemon's HTTPS listener or, for a one-shot renew, by a listener
 * that answers only that.
 */
public final class TlsAlpn01Solver implements ChallengeSolver<TlsAlpn01Challenge> {

    private final AlpnValidations validations;
    private final KeyPairFactory keys;
    private KeyPair validationKey;

    public TlsAlpn01Solver(AlpnValidations validations, KeyPairFactory keys) {
        this.validations = validations;
        this.keys = keys;
    }

    @Override
    public String type() {
        return TlsAlpn01Challenge.TYPE;
    }

    @Override
    public Class<TlsAlpn01Challenge> challengeClass() {
        return TlsAlpn01Challenge.class;
    }

    /** The CA connects to the name itself; a wildcard names no host to connect to. */
    @Override
    public boolean accepts(Authorization authorization) {
        return !authorization.isWildcard();
    }

    @Override
    public Placed place(Authorization authorization, TlsAlpn01Challenge challenge) {
        String name = serverName(authorization.getIdentifier());
        KeyPair key = validationKey();
        validations.add(name, new CertificateSet(key.getPrivate(),
                List.of(challenge.createCertificate(key, authorization.getIdentifier()))));
        return () -> validations.remove(name);
    }

    /**
     * acme4j 4.0 signs the validation certificate with SHA256withRSA only, so the key is RSA. One
     * serves every validation of this solver: the certificate proves control through the digest
     * it carries, not through its key, and a board takes a second or more to make an RSA key.
     */
    private synchronized KeyPair validationKey() {
        if (validationKey == null) {
            validationKey = keys.generate(KeyType.RSA_2048);
        }
        return validationKey;
    }

    @Override
    public String whereCaLooks(Authorization authorization, TlsAlpn01Challenge challenge) {
        Identifier identifier = authorization.getIdentifier();
        return "TLS with ALPN acme-tls/1 to " + IpAddresses.uriHost(identifier.getValue()) + ":443, server name "
                + serverName(identifier);
    }

    /**
     * The server name the CA's handshake asks for: the name itself, or for an IP address its
     * reverse-mapping name (RFC 8738, section 6), since an SNI cannot carry an address.
     */
    static String serverName(Identifier identifier) {
        return identifier.getType().equals(Identifier.TYPE_IP)
                ? ReverseMap.fromAddress(identifier.getIP()).toString(true) : identifier.getValue();
    }
}
