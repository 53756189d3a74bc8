package io.hotcert.acme;

import java.security.KeyPair;
import java.util.List;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;

import io.hotcert.crypto.CertificateSet;
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
        boolean ipv6 = identifier.getType().equals(Identifier.TYPE_IP) && identifier.getValue().contains(":");
        return "TLS with ALPN acme-tls/1 to " + (ipv6 ? "[" + identifier.getValue() + "]" : identifier.getValue())
                + ":443, server name " + serverName(identifier);
    }

    /**
     * The server name the CA's handshake asks for: the name itself, or for an IP address its
     * reverse-mapping name (RFC 8738, section 6), since an SNI cannot carry an address.
     */
    static String serverName(Identifier identifier) {
        if (!identifier.getType().equals(Identifier.TYPE_IP)) {
            return identifier.getValue();
        }
        byte[] address = identifier.getIP().getAddress();
        var name = new StringBuilder();
        for (int i = address.length - 1; i >= 0; i--) {
            int octet = address[i] & 0xff;
            if (address.length == 4) {
                name.append(octet).append('.');
            } else {
                name.append(Character.forDigit(octet & 0xf, 16)).append('.')
                        .append(Character.forDigit(octet >> 4, 16)).append('.');
            }
        }
        return name.append(address.length == 4 ? "in-addr.arpa" : "ip6.arpa").toString();
    }
}
