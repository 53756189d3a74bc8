package io.hotcert.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Debian's Knot DNS ({@code knot}) as a process of the test: the authoritative primary of one
 * zone on a loopback port, taking RFC 2136 updates signed with one TSIG key, as a board's DNS
 * provider would. Configuration, zone file and databases live in a directory of the test's.
 */
public final class Knot implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/knotd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final int port;

    private Knot(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Serves {@code zone} (its NS {@code ns1.ZONE} at 127.0.0.1, the primary itself) and lets
     * {@code keyName} update it; returns once the zone's SOA is answered.
     */
    public static Knot serve(Path dir, int port, String zone, String keyName, String secret)
            throws IOException, InterruptedException {
        UnitTier.refuse("Knot");
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing; install Debian's knot (apt-get install -y knot;"
                    + " scripts/test does so)");
        }
        Files.writeString(dir.resolve(zone + ".zone"), String.join("\n",
                "$ORIGIN " + zone + ".",
                "$TTL 60",
                "@ SOA ns1 hostmaster 1 60 60 600 60",
                "@ NS ns1",
                "ns1 A 127.0.0.1",
                ""));
        Files.writeString(dir.resolve("knot.conf"), String.join("\n",
                "server:",
                "    rundir: \"" + dir + "\"",
                "    listen: 127.0.0.1@" + port,
                "database:",
                "    storage: \"" + dir + "\"",
                "key:",
                "  - id: " + keyName,
                "    algorithm: hmac-sha256",
                "    secret: " + secret,
                "acl:",
                "  - id: update",
                "    key: " + keyName,
                "    action: update",
                "template:",
                "  - id: default",
                "    storage: \"" + dir + "\"",
                "    file: \"%s.zone\"",
                "zone:",
                "  - domain: " + zone,
                "    acl: update",
                "log:",
                "  - target: stderr",
                "    any: info",
                ""));
        Process process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("knot.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile()).start();
        var knot = new Knot(process, dir, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (knot.query(zone + ".", Type.SOA).stream().noneMatch(m -> m.getRcode() == Rcode.NOERROR
                && !m.getSection(Section.ANSWER).isEmpty())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                knot.close();
                throw new IllegalStateException("knotd did not answer for " + zone + " on port " + port + ":\n"
                        + knot.log());
            }
            Thread.sleep(20);
        }
        return knot;
    }

    public int port() {
        return port;
    }

    /** The TXT strings the server answers for {@code name} now. */
    public List<String> txt(String name) throws IOException {
        return query(name, Type.TXT).orElseThrow(() -> new IOException("knotd did not answer TXT " + name))
                .getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
                .flatMap(r -> ((TXTRecord) r).getStrings().stream()).toList();
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("knotd.log"));
    }

    private Optional<Message> query(String name, int type) throws IOException {
        var resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        resolver.setTimeout(Duration.ofSeconds(2));
        try {
            return Optional.of(resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type,
                    DClass.IN))));
        } catch (IOException e) {
            // not bound yet, or busy: the caller asks again or says which name got no answer
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
