package io.hotcert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.KeyPairFactory;
import io.hotcert.crypto.Pem;

/**
 * A loopback HTTPS front for a real Pebble that adds what Pebble 2.4 lacks or cannot be made to
 * do, and passes everything else through unchanged (Host header included, so Pebble's URLs and
 * its JWS checks name the front):
 * <ul>
 * <li>a {@code renewalInfo} resource (RFC 9773) in the directory, answering a programmable window
 * and Retry-After, counting the requests;
 * <li>new orders looked at on their way (the JWS payload, decoded but not verified): each is
 * counted with its {@code replaces}; the front can reject those that carry one, or fail them all.
 * </ul>
 * Clients trust the front through {@link #trustStore()} (acme.trust-store).
 */
public final class AcmeFront implements AutoCloseable {

    private static final String RENEWAL_INFO = "/renewal-info/";
    private static final String ACME_ERROR = "urn:ietf:params:acme:error:";
    /** Long enough for a client whose clock runs months ahead (libfaketime) to accept it. */
    private static final Duration TLS_VALIDITY = Duration.ofDays(365);

    /** How every new order is answered. */
    public enum Orders {
        /** Passed to Pebble. */
        FORWARD,
        /** Those with {@code replaces} get 409 alreadyReplaced, as RFC 9773 says; the others go to Pebble. */
        REJECT_REPLACES,
        /** 503 with a serverInternal problem: a CA that is down. */
        FAIL
    }

    /** One new order as the front saw it. */
    public record NewOrder(Optional<String> replaces, boolean forwarded) {
    }

    private record Window(Instant start, Instant end, Duration retryAfter) {
    }

    private final HttpsServer server;
    private final ExecutorService threads;
    private final UpstreamHttp upstream;
    private final URI pebbleDirectory;
    private final Path trustStore;
    private final List<NewOrder> orders = new ArrayList<>();
    private final List<String> renewalInfoRequests = new ArrayList<>();
    private Orders orderMode = Orders.FORWARD;
    private Optional<Window> window = Optional.empty();
    private String newOrderPath;

    private AcmeFront(HttpsServer server, ExecutorService threads, UpstreamHttp upstream, URI pebbleDirectory,
            Path trustStore) {
        this.server = server;
        this.threads = threads;
        this.upstream = upstream;
        this.pebbleDirectory = pebbleDirectory;
        this.trustStore = trustStore;
    }

    /** @param dir where the front's trust store is written */
    public static AcmeFront start(Pebble pebble, Path dir) throws IOException {
        TestCa ca = TestCa.root("AcmeFront Root");
        KeyPair key = new KeyPairFactory().generate(KeyType.EC_P256);
        var leaf = ca.leaf(key.getPublic(), List.of("localhost"), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(TLS_VALIDITY));
        Path trust = Files.writeString(dir.resolve("acme-front-ca.pem"), Pem.encodeCertificates(List.of(ca.certificate())));
        var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePort.pick()), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls(key, new Certificate[] {leaf, ca.certificate()})));
        ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
            var thread = new Thread(runnable, "acme-front");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        var front = new AcmeFront(server, threads, new UpstreamHttp(pebble.directory(), TestTls.trustingEverything()),
                pebble.directory(), trust);
        server.createContext("/", front::handle);
        server.start();
        return front;
    }

    private static SSLContext serverTls(KeyPair key, Certificate[] chain) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "front".toCharArray();
            store.setKeyEntry("front", key.getPrivate(), password, chain);
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            var context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the front's TLS context could not be built", e);
        }
    }

    /** The directory URL to configure as acme.directory. */
    public URI directory() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + pebbleDirectory.getRawPath());
    }

    /** What acme.trust-store must name to reach the front. */
    public Path trustStore() {
        return trustStore;
    }

    /** A hotcert configuration like {@link Pebble#configFor}, but through the front. */
    public String configFor(Pebble pebble, String domains, Path storageDir) {
        return pebble.configFor(domains, storageDir, directory())
                .replace("acme.trust-store=" + pebble.trustStore(), "acme.trust-store=" + trustStore);
    }

    /** From now on the directory offers renewalInfo, and every certificate gets this window. */
    public synchronized void offerRenewalInfo(Instant start, Instant end, Duration retryAfter) {
        window = Optional.of(new Window(start, end, retryAfter));
    }

    public synchronized void answerOrders(Orders mode) {
        orderMode = mode;
    }

    /** The new orders seen so far, in order; one that Pebble refused for a bad nonce is sent again and counted once. */
    public synchronized List<NewOrder> orders() {
        return List.copyOf(orders);
    }

    /** The certificate IDs renewal information was asked for, in order. */
    public synchronized List<String> renewalInfoRequests() {
        return List.copyOf(renewalInfoRequests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith(RENEWAL_INFO) && exchange.getRequestMethod().equals("GET")) {
                renewalInfo(exchange, path.substring(RENEWAL_INFO.length()));
            } else if (exchange.getRequestMethod().equals("POST") && path.equals(newOrderPath())) {
                newOrder(exchange, body);
            } else if (path.equals(pebbleDirectory.getRawPath())) {
                send(exchange, withRenewalInfo(forward(exchange, body)));
            } else {
                send(exchange, forward(exchange, body));
            }
        } catch (IOException | RuntimeException e) {
            // The client sees a broken connection; the test sees why in its output.
            e.printStackTrace();
            throw e;
        }
    }

    private synchronized String newOrderPath() throws IOException {
        if (newOrderPath == null) {
            var directory = upstream.send("GET", pebbleDirectory.getRawPath(), pebbleDirectory.getAuthority(),
                    List.of(), new byte[0]);
            newOrderPath = URI.create(String.valueOf(json(directory.body()).get("newOrder"))).getRawPath();
        }
        return newOrderPath;
    }

    private void renewalInfo(HttpExchange exchange, String certId) throws IOException {
        Optional<Window> answer;
        synchronized (this) {
            renewalInfoRequests.add(certId);
            answer = window;
        }
        if (answer.isEmpty()) {
            problem(exchange, 404, "malformed", "no renewal information here");
            return;
        }
        var suggested = new LinkedHashMap<String, Object>();
        suggested.put("start", answer.get().start().toString());
        suggested.put("end", answer.get().end().toString());
        exchange.getResponseHeaders().add("Retry-After", Long.toString(answer.get().retryAfter().toSeconds()));
        sendJson(exchange, 200, "application/json", Map.of("suggestedWindow", suggested));
    }

    private void newOrder(HttpExchange exchange, byte[] body) throws IOException {
        Optional<String> replaces = replaces(body);
        Orders mode;
        synchronized (this) {
            mode = orderMode;
        }
        if (mode == Orders.FAIL) {
            record(new NewOrder(replaces, false));
            problem(exchange, 503, "serverInternal", "the front fails every new order");
        } else if (mode == Orders.REJECT_REPLACES && replaces.isPresent()) {
            record(new NewOrder(replaces, false));
            problem(exchange, 409, "alreadyReplaced", "certificate " + replaces.get() + " was already replaced");
        } else {
            UpstreamHttp.Response response = forward(exchange, body);
            // Pebble refuses some nonces on purpose; acme4j then sends the same order again, which is no new order.
            if (!(response.status() == 400 && new String(response.body(), StandardCharsets.UTF_8)
                    .contains(ACME_ERROR + "badNonce"))) {
                record(new NewOrder(replaces, true));
            }
            send(exchange, response);
        }
    }

    private synchronized void record(NewOrder order) {
        orders.add(order);
    }

    /** The {@code replaces} of a flattened JWS's payload; the signature is Pebble's to check. */
    private static Optional<String> replaces(byte[] jws) throws IOException {
        String payload = String.valueOf(json(jws).get("payload"));
        Object replaces = json(Base64.getUrlDecoder().decode(payload)).get("replaces");
        return Optional.ofNullable(replaces).map(String::valueOf);
    }

    private UpstreamHttp.Response withRenewalInfo(UpstreamHttp.Response directory) throws IOException {
        synchronized (this) {
            if (window.isEmpty() || directory.status() != 200) {
                return directory;
            }
        }
        Map<String, Object> json = json(directory.body());
        json.put("renewalInfo", "https://localhost:" + server.getAddress().getPort() + RENEWAL_INFO);
        return new UpstreamHttp.Response(directory.status(), directory.headers(),
                JsonUtil.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    private UpstreamHttp.Response forward(HttpExchange exchange, byte[] body) throws IOException {
        var headers = new ArrayList<Map.Entry<String, String>>();
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
        return upstream.send(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Host"), headers, body);
    }

    private static void send(HttpExchange exchange, UpstreamHttp.Response response) throws IOException {
        response.headers().forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
        boolean noBody = response.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(response.body());
        }
    }

    private static void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
        sendJson(exchange, status, "application/problem+json",
                Map.of("type", ACME_ERROR + type, "detail", detail, "status", status));
    }

    private static void sendJson(HttpExchange exchange, int status, String contentType, Map<String, ?> json)
            throws IOException {
        byte[] body = JsonUtil.toJson(json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, Object> json(byte[] body) throws IOException {
        try {
            return JsonUtil.parseJson(new String(body, StandardCharsets.UTF_8));
        } catch (JoseException e) {
            throw new IOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            Files.deleteIfExists(trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
