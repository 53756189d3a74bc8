package io.hotcert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.undertow.server.HttpHandler;

import io.hotcert.testing.Await;
import io.hotcert.testing.CapturedLogs;
import io.hotcert.testing.FreePort;
import io.hotcert.testing.TestServers;

/** The access log's rate limit, on a clock the test moves: a burst beyond it is counted, not logged. */
class RequestLogTest {

    private static final int BURST = 150;

    private final AtomicLong nanos = new AtomicLong();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aBurstBeyondTheLimitIsCountedAndReportedInTheNextSecond() throws Exception {
        int port = FreePort.pick();
        var log = new RequestLog(new LineRate(RequestLog.LINES_PER_SECOND, nanos::get), nanos::get);
        var completed = new AtomicInteger();
        // Undertow calls completion listeners last-added first, so this one, added before the access
        // log's, runs after it: once it has counted the whole burst, the log has judged every request.
        HttpHandler counted = exchange -> {
            exchange.addExchangeCompleteListener((done, next) -> {
                completed.incrementAndGet();
                next.proceed();
            });
            log.around(inner -> inner.getResponseSender().send("ok")).handleRequest(exchange);
        };
        try (var logs = new CapturedLogs(); var server = TestServers.http(port, counted)) {
            for (int i = 0; i < BURST; i++) {
                get(port, "/burst/" + i);
            }
            // The client has its response before the server's completion listeners run; moving the
            // clock before the last of them would start a new second for the burst's tail.
            Await.until("every request of the burst completed", Duration.ofSeconds(10),
                    () -> completed.get() == BURST);
            assertThat(accessLines(logs)).isEqualTo(RequestLog.LINES_PER_SECOND);

            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            get(port, "/after");
            Await.until("the line after the burst", Duration.ofSeconds(10),
                    () -> logs.text().contains("\"GET /after "));

            assertThat(accessLines(logs)).isEqualTo(RequestLog.LINES_PER_SECOND + 1);
            assertThat(logs.text()).containsOnlyOnce("access log: " + (BURST - RequestLog.LINES_PER_SECOND)
                    + " requests not logged (more than " + RequestLog.LINES_PER_SECOND + " in one second)");
        }
    }

    @Test
    void theLimitCountsEachSecondAfresh() {
        var rate = new LineRate(2, nanos::get);

        assertThat(rate.next()).isEqualTo(new LineRate.Admission(true, 0));
        assertThat(rate.next()).isEqualTo(new LineRate.Admission(true, 0));
        assertThat(rate.next()).isEqualTo(new LineRate.Admission(false, 0));
        assertThat(rate.next()).isEqualTo(new LineRate.Admission(false, 0));
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(rate.next()).isEqualTo(new LineRate.Admission(false, 0));
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(rate.next()).as("a new second, reporting the three left out").isEqualTo(
                new LineRate.Admission(true, 3));
        assertThat(rate.next()).isEqualTo(new LineRate.Admission(true, 0));
    }

    private void get(int port, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static long accessLines(CapturedLogs logs) {
        return logs.text().lines().filter(line -> line.contains("\"GET /")).count();
    }
}
