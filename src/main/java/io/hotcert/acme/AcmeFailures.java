package io.hotcert.acme;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

import io.hotcert.logging.Reasons;

/**
 * Turns acme4j's exceptions into {@link IssuanceException}s that say whether waiting will help.
 * The split decides between exit codes 75 and 1 and, for the daemon, between backing off and
 * reporting a problem a person must fix.
 */
final class AcmeFailures {

    static final String ACME_ERROR = "urn:ietf:params:acme:error:";
    private static final Set<String> TEMPORARY_PROBLEMS = Set.of("serverInternal", "badNonce", "rateLimited");
    /**
     * acme4j reports an error status without a problem document as text naming "HTTP nnn", e.g.
     * "Server responded with HTTP 503 while trying to retrieve a nonce": a proxy or load balancer
     * in front of the CA, which is worth trying again.
     */
    private static final Pattern SERVER_ERROR_STATUS = Pattern.compile("\\bHTTP 5\\d\\d\\b");
    /**
     * Failures before any request went out: the name, the connection or the TLS handshake. They
     * cost the CA nothing, so they are retried sooner than failures the CA saw.
     */
    private static final List<Class<? extends Throwable>> NEVER_SENT = List.of(UnknownHostException.class,
            ConnectException.class, NoRouteToHostException.class, HttpConnectTimeoutException.class,
            SSLHandshakeException.class);
    private static final List<Class<? extends Throwable>> OUT_OF_VALIDITY = List.of(CertificateExpiredException.class,
            CertificateNotYetValidException.class);

    private AcmeFailures() {
    }

    /** @param ca the CA's directory URL, whose address a network failure names */
    static IssuanceException classify(URI ca, IssuanceStep step, String context, Exception e) {
        if (e instanceof AcmeProtocolException) {
            // The CA's answer was not ACME: a captive portal or a proxy's error page more often than a broken CA.
            return new IssuanceException(step, context + "unexpected answer from the CA: " + Reasons.of(e), true, null, e);
        }
        if (e instanceof AcmeNetworkException) {
            Optional<Throwable> validity = causeOfType(e, OUT_OF_VALIDITY);
            if (validity.isPresent()) {
                return new IssuanceException(step, context + clockProblem(ca, validity.get()), true, null, e, false);
            }
            boolean reachedCa = causeOfType(e, NEVER_SENT).isEmpty();
            return new IssuanceException(step, context + "the CA cannot be reached: " + networkFailure(ca, e), true,
                    null, e, reachedCa);
        }
        if (e instanceof AcmeRateLimitedException limited) {
            return new IssuanceException(step, context + "rate-limited by the CA: " + describe(limited.getProblem()),
                    true, limited.getRetryAfter().orElse(null), e);
        }
        if (e instanceof AcmeUserActionRequiredException action) {
            return TermsOfService.userActionRequired(step, context, action);
        }
        if (e instanceof AcmeServerException server) {
            boolean temporary = server.getType().toString().startsWith(ACME_ERROR)
                    && TEMPORARY_PROBLEMS.contains(server.getType().toString().substring(ACME_ERROR.length()));
            return new IssuanceException(step, context + describe(server.getProblem()), temporary, null, e);
        }
        boolean temporary = e.getMessage() != null && SERVER_ERROR_STATUS.matcher(e.getMessage()).find();
        return new IssuanceException(step, context + Reasons.of(e), temporary, null, e);
    }

    /**
     * The CA's HTTPS certificate looks expired or not yet valid: with a CA that renews it in time,
     * that says more about this clock than about the CA (a board at 2045, or at its image's date).
     */
    private static String clockProblem(URI ca, Throwable validity) {
        return "the clock looks wrong: by this clock the CA's HTTPS certificate (" + address(ca) + ") "
                + (validity instanceof CertificateExpiredException ? "has expired" : "is not valid yet") + " ("
                + Reasons.of(validity) + "); check time synchronisation (timedatectl status)";
    }

    private static Optional<Throwable> causeOfType(Exception e, List<Class<? extends Throwable>> types) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return Optional.of(cause);
                }
            }
        }
        return Optional.empty();
    }

    static String describe(Problem problem) {
        String detail = problem.getDetail().or(problem::getTitle).orElse(problem.getType().toString());
        return detail + " (" + problem.getType() + ")";
    }

    /**
     * "connection refused by 127.0.0.1:14000": the JDK's HTTP client names neither the address nor,
     * often, the failure (a bare ConnectException caused by a ClosedChannelException), so both come
     * from here. The outermost exception that says something specific is the best description.
     */
    private static String networkFailure(URI ca, Exception e) {
        String address = address(ca);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException && (cause.getMessage() == null || cause.getMessage().contains("refused"))) {
                return "connection refused by " + address;
            }
            if (cause instanceof UnknownHostException) {
                return "the name " + ca.getHost() + " cannot be resolved";
            }
            if (cause.getCause() == null || cause.getMessage() != null) {
                return Reasons.of(cause) + " (" + address + ")";
            }
        }
        return "network failure (" + address + ")";
    }

    private static String address(URI ca) {
        return ca.getHost() + ":" + (ca.getPort() != -1 ? ca.getPort() : "https".equals(ca.getScheme()) ? 443 : 80);
    }
}
