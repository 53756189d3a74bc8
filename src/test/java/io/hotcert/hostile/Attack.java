package io.hotcert.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Repeats one misbehaving step on an HTTP/2 connection, on a thread of its own, until the server
 * ends the connection, {@code maxSteps} are sent or {@code atMost} has passed; a write the server
 * never reads is cut off by closing the socket then.
 */
final class Attack {

    /** One step of an attack; {@code i} counts from 0. */
    interface Step {
        void send(H2Client client, int i) throws IOException;
    }

    /** What an attack achieved: steps sent, and whether the server ended the connection first. */
    record Outcome(int steps, boolean endedByServer, int goAwayCode) {
        @Override
        public String toString() {
            return steps + " steps sent, " + (endedByServer ? "connection ended by the server"
                    + (goAwayCode >= 0 ? " (GOAWAY " + goAwayCode + ")" : "") : "connection still open");
        }
    }

    private Attack() {
    }

    static Outcome run(H2Client client, int maxSteps, Duration atMost, Step step) throws Exception {
        var steps = new AtomicInteger();
        var cut = new AtomicBoolean();
        var writeFailed = new AtomicBoolean();
        Thread attacker = new Thread(() -> {
            try {
                for (int i = 0; i < maxSteps && !client.ended(); i++) {
                    step.send(client, i);
                    steps.incrementAndGet();
                }
                client.flush();
            } catch (IOException e) {
                writeFailed.set(!cut.get());
            }
        }, "attacker");
        attacker.start();
        attacker.join(atMost.toMillis());
        boolean ended = client.ended() || writeFailed.get();
        if (attacker.isAlive()) {
            cut.set(true);
            client.close();
            attacker.join(5_000);
        }
        return new Outcome(steps.get(), ended, client.goAwayCode());
    }
}
