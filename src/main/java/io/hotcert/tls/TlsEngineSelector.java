package io.hotcert.tls;

import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.config.TlsEngineChoice;

/**
 * Picks the HTTPS listener's TLS engine as configured: the native one where it loads, the JDK's
 * where it cannot (other architectures, a library the system refuses to map), with one log line
 * that says why. The native library is not even probed when the JDK's engine is asked for.
 */
public final class TlsEngineSelector {

    private static final Logger LOG = LoggerFactory.getLogger(TlsEngineSelector.class);
    /** Enough of a cause chain to name the root problem; real chains are shorter. */
    private static final int MAX_CAUSES = 5;

    private final Supplier<Optional<Throwable>> nativeUnavailability;

    public TlsEngineSelector() {
        this(NativeTls::unavailability);
    }

    /** @param nativeUnavailability why the native library cannot run here, or empty when it can */
    TlsEngineSelector(Supplier<Optional<Throwable>> nativeUnavailability) {
        this.nativeUnavailability = nativeUnavailability;
    }

    /**
     * The listener's TLS over {@code keyManager}.
     *
     * @throws NativeTlsUnavailableException when {@code openssl} was asked for and cannot run here
     */
    public ListenerTls select(TlsEngineChoice choice, SwappableKeyManager keyManager)
            throws NativeTlsUnavailableException {
        return select(choice, keyManager, Optional.empty());
    }

    /**
     * The listener's TLS over {@code keyManager}, also answering {@code validations} when present.
     * Those need the JDK's engine: Netty's native engine negotiates ALPN inside BoringSSL from a
     * fixed list and has no per-handshake protocol selector, so it can neither grant acme-tls/1
     * for a name in flight only nor tell the key manager it did. The configuration refuses
     * {@code openssl} with tls-alpn-01; {@code auto} takes the JDK's engine then.
     *
     * @throws NativeTlsUnavailableException when {@code openssl} was asked for and cannot run here
     */
    public ListenerTls select(TlsEngineChoice choice, SwappableKeyManager keyManager,
            Optional<AlpnValidations> validations) throws NativeTlsUnavailableException {
        if (validations.isPresent()) {
            if (choice != TlsEngineChoice.JDK) {
                LOG.info("HTTPS runs on the JDK's TLS: tls-alpn-01 is configured, and the native engine cannot"
                        + " choose a certificate by the acme-tls/1 protocol");
            }
            return jdkAnswering(keyManager, validations.get());
        }
        if (choice == TlsEngineChoice.JDK) {
            return jdk(keyManager);
        }
        try {
            return nativeTls(keyManager);
        } catch (NativeTlsUnavailableException e) {
            if (choice == TlsEngineChoice.OPENSSL) {
                throw e;
            }
            LOG.warn("HTTPS runs on the JDK's TLS, which is several times slower: {}", e.getMessage());
            return jdk(keyManager);
        }
    }

    private ListenerTls nativeTls(SwappableKeyManager keyManager) throws NativeTlsUnavailableException {
        Optional<Throwable> unavailable = nativeUnavailability.get();
        if (unavailable.isPresent()) {
            throw new NativeTlsUnavailableException("the native TLS engine (BoringSSL) cannot load on this machine ("
                    + System.getProperty("os.arch") + "): " + reasons(unavailable.get()), unavailable.get());
        }
        try {
            return new ListenerTls(TlsEngine.OPENSSL, NativeTls.context(keyManager), Optional.empty());
        } catch (SSLException e) {
            throw new NativeTlsUnavailableException("the native TLS engine (BoringSSL) refused the listener's"
                    + " settings: " + reasons(e), e);
        }
    }

    /**
     * TLS that answers only {@code validations}, for a one-shot renew's listener: there is no served
     * set, so every handshake but the CA's acme-tls/1 fails.
     */
    public static ListenerTls validationsOnly(AlpnValidations validations) {
        return jdkAnswering(new SwappableKeyManager(), validations);
    }

    private static ListenerTls jdkAnswering(SwappableKeyManager keyManager, AlpnValidations validations) {
        return new ListenerTls(TlsEngine.JDK, ServerTls.jdkContext(new ValidatingKeyManager(keyManager, validations)),
                Optional.of(validations));
    }

    private static ListenerTls jdk(SwappableKeyManager keyManager) {
        return new ListenerTls(TlsEngine.JDK, ServerTls.jdkContext(keyManager), Optional.empty());
    }

    /** The messages along a cause chain, each once: the library's wrappers often repeat their cause's. */
    private static String reasons(Throwable problem) {
        var messages = new ArrayList<String>();
        Throwable cause = problem;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && messages.stream().noneMatch(seen -> seen.contains(message))) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? "no reason given" : String.join("; ", messages);
    }
}
