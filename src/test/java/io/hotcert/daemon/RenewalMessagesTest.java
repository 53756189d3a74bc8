package io.hotcert.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hotcert.control.ExitCodes;
import io.hotcert.renewal.RenewalResult;

class RenewalMessagesTest {

    @Test
    void aRenewalHeldBackByTheBackoffSaysHowToSkipTheWait() {
        var reply = RenewalMessages.reply(new RenewalResult.Postponed("no certificate yet, but after 2 failed attempt(s)"
                + " the next one waits until 2026-12-07T04:00:00Z", Optional.of(Instant.parse("2026-12-07T04:00:00Z"))));

        assertThat(reply.exit()).isEqualTo(ExitCodes.TEMPORARY);
        assertThat(reply.message()).startsWith("not attempted: no certificate yet")
                .endsWith("; hotcert renew --force skips the wait");
    }

    /** --force does not skip the clock check, so it is not offered there. */
    @Test
    void aRenewalHeldBackByTheClockDoesNotOfferForce() {
        var reply = RenewalMessages.reply(new RenewalResult.Postponed("the clock reads 1970", Optional.empty()));

        assertThat(reply.exit()).isEqualTo(ExitCodes.TEMPORARY);
        assertThat(reply.message()).isEqualTo("not attempted: the clock reads 1970");
    }
}
