package io.hotcert.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.hotcert.challenge.ActiveChallenges;
import io.hotcert.challenge.Http01Handler;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import io.hotcert.testing.EndToEnd;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.PebbleExtension;
import io.hotcert.testing.TestServers;

/** The issuer against a real Pebble: the chain it brings back, and that no token outlives its challenge. */
@EndToEnd
class AcmeIssuerEndToEndTest {

    @RegisterExtension
    static final PebbleExtension CA = new PebbleExtension();

    @TempDir
    Path storage;

    private final ActiveChallenges challenges = new ActiveChallenges();
    private final KeyPairFactory keys = new KeyPairFactory();

    private AcmeIssuer issuer() {
        var accounts = new AccountService(new AccountStore(storage, new AtomicFiles()), keys,
                new AccountService.Registration(Optional.empty(), true, Optional.empty(), storage.resolve("x.properties")), "");
        return new AcmeIssuer(new AcmeSessions(CA.pebble().directory(), SystemTrustStore.DEBIAN, Optional.of(CA.pebble().trustStore()), Duration.ofSeconds(10)),
                accounts, List.of(new Http01Solver(challenges)), Clock.systemUTC(), "");
    }

    @Test
    void issuesLeafAndIntermediateAndForgetsTheTokens() throws Exception {
        try (var responder = TestServers.http(CA.pebble().validationPort(), new Http01Handler(challenges, 0, List.of("unused.example.test")))) {
            var issued = issuer().issue(List.of("issuer1.example.test"), keys.generate(KeyType.EC_P256), Optional.empty(),
                    Optional.empty());
            var chain = issued.chain();

            assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
            assertThat(issued.challenges()).containsExactly("http-01");
            assertThat(chain.get(0).getSubjectX500Principal().getName()).doesNotContain("Pebble");
            assertThat(challenges.isEmpty()).isTrue();
        }
    }

    @Test
    void aFailedValidationNamesTheDomainAndRemovesItsToken() {
        // No responder: Pebble's validation finds nothing listening.
        assertThatThrownBy(() -> issuer().issue(List.of("issuer2.example.test"), keys.generate(KeyType.EC_P256),
                Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(IssuanceException.class, e -> {
                    assertThat(e.step()).isEqualTo(IssuanceStep.VALIDATION);
                    assertThat(e.isTemporary()).isFalse();
                    assertThat(e.getMessage()).contains("issuer2.example.test").contains("could not validate");
                });
        assertThat(challenges.isEmpty()).isTrue();
    }

    @Test
    void aProfileTheCaDoesNotOfferIsNamed() {
        assertThatThrownBy(() -> issuer().issue(List.of("issuer3.example.test"), keys.generate(KeyType.EC_P256),
                Optional.of("shortlived"), Optional.empty()))
                .isInstanceOf(IssuanceException.class)
                .hasMessageContaining("acme.profile \"shortlived\" is not offered by the CA");
    }
}
