package io.hotcert.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;
import org.shredzone.acme4j.toolbox.JSON;

/** Which failures are worth retrying later (exit 75) and which need a person (exit 1). */
class AcmeFailuresTest {

    private static final URI CA = URI.create("https://ca.example.test/dir");

    private static Problem problem(String type, String detail) throws Exception {
        return new Problem(JSON.parse("{\"type\":\"urn:ietf:params:acme:error:" + type + "\",\"detail\":\"" + detail + "\"}"),
                new URL("https://ca.example.test/acme/order"));
    }

    @Test
    void anUnreachableCaIsTemporary() {
        var e = AcmeFailures.classify(CA, IssuanceStep.ORDER, "board1.example.test: ",
                new AcmeNetworkException(new ConnectException("Connection refused")));

        assertThat(e.isTemporary()).isTrue();
        assertThat(e.step()).isEqualTo(IssuanceStep.ORDER);
        assertThat(e.getMessage()).isEqualTo("order failed: board1.example.test: the CA cannot be reached: "
                + "connection refused by ca.example.test:443");
    }

    @Test
    void networkFailuresAreDescribedInWordsWithTheCasAddress() {
        // What the JDK's HTTP client throws when nothing listens: no message, and a closed channel as the cause.
        var refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        assertThat(AcmeFailures.classify(URI.create("https://127.0.0.1:14000/dir"), IssuanceStep.ORDER, "",
                new AcmeNetworkException(refused)).getMessage())
                .isEqualTo("order failed: the CA cannot be reached: connection refused by 127.0.0.1:14000");
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "",
                new AcmeNetworkException(new UnknownHostException("ca.example.test"))).getMessage())
                .isEqualTo("order failed: the CA cannot be reached: the name ca.example.test cannot be resolved");
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "",
                new AcmeNetworkException(new HttpTimeoutException("request timed out"))).getMessage())
                .isEqualTo("order failed: the CA cannot be reached: request timed out (ca.example.test:443)");
    }

    /** Those cost the CA nothing, so the backoff may retry them sooner. */
    @Test
    void failuresBeforeAnyRequestReachedTheCaSaySo() throws Exception {
        var handshake = new IOException("handshake failed", new SSLHandshakeException("no cipher suites in common"));
        for (IOException cause : List.of(new ConnectException("Connection refused"),
                new UnknownHostException("ca.example.test"), new HttpConnectTimeoutException("connect timed out"),
                handshake)) {
            assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "", new AcmeNetworkException(cause)).reachedCa())
                    .as(cause.toString()).isFalse();
        }
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "",
                new AcmeNetworkException(new HttpTimeoutException("request timed out"))).reachedCa()).isTrue();
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "",
                new AcmeServerException(problem("serverInternal", "down"))).reachedCa()).isTrue();
    }

    /** A board at 2045: the CA's HTTPS certificate looks expired by its clock, which is the one at fault. */
    @Test
    void theCasHttpsCertificateOutOfValidityIsAClockProblem() {
        var expired = new SSLHandshakeException("PKIX path validation failed");
        expired.initCause(new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Wed Dec 09 00:00:00 UTC 2026")));

        var e = AcmeFailures.classify(CA, IssuanceStep.ACCOUNT, "", new AcmeNetworkException(new IOException(expired)));

        assertThat(e.getMessage()).isEqualTo("account failed: the clock looks wrong: by this clock the CA's HTTPS"
                + " certificate (ca.example.test:443) has expired (NotAfter: Wed Dec 09 00:00:00 UTC 2026); check time"
                + " synchronisation (timedatectl status)").doesNotContain("cannot be reached");
        assertThat(e.reachedCa()).isFalse();
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "", new AcmeNetworkException(new IOException(
                new CertificateNotYetValidException("NotBefore: Mon Jun 01 00:00:00 UTC 2026")))).getMessage())
                .contains("the clock looks wrong: by this clock the CA's HTTPS certificate (ca.example.test:443) is"
                        + " not valid yet");
    }

    @Test
    void aRateLimitIsTemporaryAndKeepsTheCasRetryAfter() throws Exception {
        Instant retryAfter = Instant.parse("2026-11-21T13:00:00Z");
        var e = AcmeFailures.classify(CA, IssuanceStep.ORDER, "",
                new AcmeRateLimitedException(problem("rateLimited", "too many certificates"), retryAfter, null));

        assertThat(e.isTemporary()).isTrue();
        assertThat(e.retryAfter()).contains(retryAfter);
        assertThat(e.getMessage()).contains("rate-limited").contains("too many certificates");
    }

    @Test
    void aServerInternalErrorIsTemporary() throws Exception {
        assertThat(AcmeFailures.classify(CA, IssuanceStep.FINALIZE, "",
                new AcmeServerException(problem("serverInternal", "oops"))).isTemporary()).isTrue();
    }

    @Test
    void aServerErrorStatusWithoutProblemDocumentIsTemporary() {
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "", new AcmeException("HTTP 503")).isTemporary()).isTrue();
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "",
                new AcmeException("Server responded with HTTP 502 while trying to retrieve a nonce")).isTemporary())
                .isTrue();
        assertThat(AcmeFailures.classify(CA, IssuanceStep.ORDER, "", new AcmeException("HTTP 404")).isTemporary()).isFalse();
    }

    @Test
    void anAnswerThatIsNotAcmeIsTemporaryAndSaysSo() {
        var e = AcmeFailures.classify(CA, IssuanceStep.ORDER, "board1.example.test: ",
                new org.shredzone.acme4j.exception.AcmeProtocolException("Unexpected content type: text/html"));

        assertThat(e.isTemporary()).isTrue();
        assertThat(e.getMessage()).contains("board1.example.test").contains("unexpected answer from the CA");
    }

    @Test
    void aRejectedRequestNeedsAPerson() throws Exception {
        var e = AcmeFailures.classify(CA, IssuanceStep.ORDER, "board1.example.test: ",
                new AcmeServerException(problem("rejectedIdentifier", "board1.example.test is forbidden by policy")));

        assertThat(e.isTemporary()).isFalse();
        assertThat(e.getMessage()).contains("forbidden by policy").contains("rejectedIdentifier");
    }

    @Test
    void changedTermsOfServiceNameThePageToReadAndWhatToDoAndNeedAPerson() throws Exception {
        var problem = new Problem(JSON.parse("{\"type\":\"urn:ietf:params:acme:error:userActionRequired\","
                + "\"detail\":\"Terms of service have changed\",\"instance\":\"https://ca.example.test/agree\"}"),
                new URL("https://ca.example.test/acme/new-order"));
        var e = AcmeFailures.classify(CA, IssuanceStep.ORDER, "board1.example.test: ",
                new AcmeUserActionRequiredException(problem, URI.create("https://ca.example.test/terms-v2")));

        assertThat(e.isTemporary()).isFalse();
        assertThat(e.getMessage()).isEqualTo("order failed: board1.example.test: the CA requires action by the account"
                + " holder before it goes on, most likely agreeing to changed terms of service: read its terms of service"
                + " at https://ca.example.test/terms-v2, agree to them as https://ca.example.test/agree explains, keep"
                + " acme.terms-agreed=true and run hotcert renew again (the CA says: Terms of service have changed"
                + " (urn:ietf:params:acme:error:userActionRequired))");
    }

    @Test
    void actionRequiredWithoutLinksStillSaysWhatToDo() throws Exception {
        var e = AcmeFailures.classify(CA, IssuanceStep.ACCOUNT, "", new AcmeUserActionRequiredException(
                problem("userActionRequired", "new terms"), null));

        assertThat(e.isTemporary()).isFalse();
        assertThat(e.getMessage()).contains("read its current terms of service, agree to them as the CA explains,"
                + " keep acme.terms-agreed=true");
    }
}
