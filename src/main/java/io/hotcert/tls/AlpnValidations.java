package io.hotcert.tls;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;

import io.hotcert.crypto.CertificateSet;

/**
 * The TLS-ALPN-01 validation certificates in flight (RFC 8737), by the name the CA validates,
 * and the part of each handshake that decides whether it is the CA asking: a ClientHello that
 * offers the protocol {@code acme-tls/1} for a name in flight gets that protocol (and, from
 * {@link ValidatingKeyManager}, that name's validation certificate); every other handshake
 * negotiates h2 or http/1.1 as it would without this.
 */
public final class AlpnValidations {

    /** The ALPN protocol of TLS-ALPN-01 (RFC 8737, section 6.2). */
    public static final String ACME_TLS_1 = "acme-tls/1";

    private final Map<String, CertificateSet> byName = new ConcurrentHashMap<>();
    /**
     * The engines whose handshake was granted acme-tls/1, with the name: under TLS 1.2 the JDK
     * chooses the certificate before it records the protocol where the key manager could read it.
     * Weak, so an engine's entry goes with the engine.
     */
    private final Map<SSLEngine, String> granted = Collections.synchronizedMap(new WeakHashMap<>());

    /** From now on, a handshake for {@code name} offering acme-tls/1 gets {@code validation}. */
    public void add(String name, CertificateSet validation) {
        byName.put(name.toLowerCase(Locale.ROOT), validation);
    }

    public void remove(String name) {
        byName.remove(name.toLowerCase(Locale.ROOT));
    }

    /** The name whose validation {@code engine}'s handshake was granted acme-tls/1 for, if it was. */
    Optional<String> grantedName(SSLEngine engine) {
        return Optional.ofNullable(granted.get(engine));
    }

    Optional<CertificateSet> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Lets {@code engine}'s next handshake answer acme-tls/1. The JDK's engine reads the server name
     * before it asks for the protocol, but has no session to read it from yet; the matcher,
     * which accepts every name as the engine does without one, keeps it for the selector.
     */
    void arm(SSLEngine engine) {
        var requested = new AtomicReference<String>();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName serverName) {
                requested.set(new SNIHostName(serverName.getEncoded()).getAsciiName());
                return true;
            }
        }));
        engine.setSSLParameters(parameters);
        engine.setHandshakeApplicationProtocolSelector((handshaking, offered) -> {
            String name = requested.get();
            if (offered.contains(ACME_TLS_1) && name != null && find(name).isPresent() && chosenAfter(handshaking)) {
                granted.put(handshaking, name);
                return ACME_TLS_1;
            }
            return usualProtocol(handshaking.getSSLParameters().getApplicationProtocols(), offered);
        });
    }

    /**
     * Whether the engine chooses its certificate after the protocol, as under TLS 1.3. Under TLS 1.2
     * the JDK chooses it first (the served set, by then), so acme-tls/1 is refused there rather than
     * granted with the wrong certificate; validators negotiate TLS 1.3, which this listener offers.
     */
    private static boolean chosenAfter(SSLEngine handshaking) {
        SSLSession session = handshaking.getHandshakeSession();
        return session == null || !"TLSv1.2".equals(session.getProtocol());
    }

    /**
     * What the engine picks without a selector: the first of the server's protocols the client
     * offers, none at all when the server has none, and a refusal (null) when they share none.
     * acme-tls/1 is among the server's when the listener answers validations, but never usual.
     */
    private static String usualProtocol(String[] ours, List<String> offered) {
        List<String> usual = Arrays.stream(ours).filter(protocol -> !protocol.equals(ACME_TLS_1)).toList();
        if (usual.isEmpty()) {
            return "";
        }
        for (String protocol : usual) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return null;
    }
}
