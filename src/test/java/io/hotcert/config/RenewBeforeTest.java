package io.hotcert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RenewBeforeTest {

    private static final Instant ISSUED = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}-day lifetime, 33% -> renew {1} before expiry")
    @CsvSource({
            "90, PT712H48M",   // 29.7 days
            "45, PT356H24M",   // 14.85 days
            "6,  PT47H31M12S"  // 1.98 days
    })
    void shareScalesWithTheLifetime(int lifetimeDays, Duration expected) {
        var margin = RenewBefore.parse("33%");

        assertThat(margin.before(ISSUED, ISSUED.plus(Duration.ofDays(lifetimeDays)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} lifetime, default -> renew {1} before expiry")
    @CsvSource({
            "P90D,  PT712H48M",  // 33%: 29.7 days
            "P10D,  PT79H12M",   // 33% from 10 days on
            "PT160H, PT80H",     // Let's Encrypt's shortlived profile: half
            "PT239H, PT119H30M"  // half below 10 days
    })
    void theDefaultRenewsShortLivedCertificatesAtHalfTheirLifetime(Duration lifetime, Duration expected) {
        assertThat(new RenewBefore.Default().before(ISSUED, ISSUED.plus(lifetime))).isEqualTo(expected);
    }

    @Test
    void fixedIgnoresTheLifetime() {
        var margin = RenewBefore.parse("30d");

        assertThat(margin.before(ISSUED, ISSUED.plus(Duration.ofDays(90)))).isEqualTo(Duration.ofDays(30));
        assertThat(margin.before(ISSUED, ISSUED.plus(Duration.ofDays(6)))).isEqualTo(Duration.ofDays(30));
    }

    @ParameterizedTest
    @CsvSource({"33%, 33", "1%, 1", "99%, 99"})
    void parsesShares(String text, int percent) {
        assertThat(RenewBefore.parse(text)).isEqualTo(new RenewBefore.Share(percent));
    }

    @ParameterizedTest
    @CsvSource({"30d, PT720H", "12h, PT12H", "90m, PT90M", "3600s, PT1H"})
    void parsesDurations(String text, Duration duration) {
        assertThat(RenewBefore.parse(text)).isEqualTo(new RenewBefore.Fixed(duration));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0%", "100%", "0d", "0s"})
    void rejectsOutOfRangeValues(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> RenewBefore.parse(text))
                .withMessageContaining("\"" + text + "\" is out of range")
                .withMessageContaining("expected a share of the lifetime from 1% to 99%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "33", "%", "-5d", "1.5d", "30 d", "2w", "30D", "33%%", "9999999999d"})
    void rejectsMalformedValues(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> RenewBefore.parse(text))
                .withMessageContaining("\"" + text + "\" is not a renewal margin")
                .withMessageContaining("or a positive duration in d, h, m or s");
    }

    @Test
    void refusesACertificateThatEndsBeforeItStarts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RenewBefore.Share(33).before(ISSUED, ISSUED.minusSeconds(1)));
    }
}
