package io.hotcert.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Waits until every authoritative server of the zone answers a TXT record, so the CA, which may
 * ask any of them, is not sent to validate before it can see it. The servers are the zone's NS
 * records as the primary answers them; an NS name that resolves to the primary's address is the
 * primary (on its configured port), and the primary is always asked.
 */
public final class TxtPropagation {

    private static final Logger LOG = LoggerFactory.getLogger(TxtPropagation.class);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    /** A pause between rounds of queries; a test passes one that need not sleep. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final PrimaryServer primary;
    private final Name zone;
    private final Duration queryTimeout;
    private final Duration bound;
    private final LongSupplier nanoTime;
    private final Pause pause;

    /**
     * @param queryTimeout how long one query may wait for its answer
     * @param bound        how long the record may take to reach every server
     * @param nanoTime     a monotonic clock for the deadline
     */
    public TxtPropagation(PrimaryServer primary, Duration queryTimeout, Duration bound, LongSupplier nanoTime, Pause pause) {
        this.primary = primary;
        this.zone = DnsNames.absolute(primary.zone());
        this.queryTimeout = queryTimeout;
        this.bound = bound;
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    /** @throws DnsUpdateException when a server still does not answer the record at the deadline, naming it */
    public void await(String recordName, String text) throws DnsUpdateException, InterruptedException {
        long start = nanoTime.getAsLong();
        long deadline = start + bound.toNanos();
        Name name = DnsNames.absolute(recordName);
        Map<String, InetSocketAddress> waiting = authoritativeServers();
        int servers = waiting.size();
        Duration interval = FIRST_PAUSE;
        while (true) {
            waiting.values().removeIf(server -> answers(server, name, text));
            if (waiting.isEmpty()) {
                LOG.info("TXT {} is visible on {} authoritative server(s) of {} after {} ms", name, servers, zone,
                        Duration.ofNanos(nanoTime.getAsLong() - start).toMillis());
                return;
            }
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                throw new DnsUpdateException("TXT " + name + " was added on dns.server " + primary.label()
                        + " but " + String.join(", ", waiting.keySet()) + " still did not answer it after "
                        + bound.toSeconds() + " s; is the zone transferred to every server in its NS records?");
            }
            pause.sleep(Duration.ofNanos(Math.min(left, interval.toNanos())));
            Duration doubled = interval.multipliedBy(2);
            interval = doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
        }
    }

    /** By label for messages: "ns2.example.net (192.0.2.7)", the primary by its dns.server value. */
    private Map<String, InetSocketAddress> authoritativeServers() {
        var servers = new LinkedHashMap<String, InetSocketAddress>();
        servers.put("dns.server " + primary.label(), primary.address());
        for (Record ns : query(primary.address(), zone, Type.NS).map(m -> m.getSection(Section.ANSWER)).orElse(List.of())) {
            if (ns instanceof NSRecord record) {
                for (InetAddress address : addresses(record.getTarget())) {
                    if (!address.equals(primary.address().getAddress())) {
                        servers.putIfAbsent(record.getTarget() + " (" + address.getHostAddress() + ")",
                                new InetSocketAddress(address, SimpleResolver.DEFAULT_PORT));
                    }
                }
            }
        }
        return servers;
    }

    /** Glue the primary knows first (names inside the zone), else the system's resolver. */
    private List<InetAddress> addresses(Name host) {
        var found = new ArrayList<InetAddress>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            query(primary.address(), host, type).ifPresent(m -> m.getSection(Section.ANSWER).forEach(r -> {
                if (r instanceof ARecord a) {
                    found.add(a.getAddress());
                } else if (r instanceof AAAARecord aaaa) {
                    found.add(aaaa.getAddress());
                }
            }));
        }
        if (found.isEmpty()) {
            try {
                found.addAll(List.of(InetAddress.getAllByName(host.toString(true))));
            } catch (UnknownHostException e) {
                LOG.warn("the zone {} names {} as an authoritative server, but it has no address here;"
                        + " not waiting for it", zone, host);
            }
        }
        return found;
    }

    private boolean answers(InetSocketAddress server, Name name, String text) {
        return query(server, name, Type.TXT).stream().flatMap(m -> m.getSection(Section.ANSWER).stream())
                .anyMatch(r -> r instanceof TXTRecord txt && txt.getStrings().contains(text));
    }

    /** Empty when the server did not answer or answered with an error: the next round asks again. */
    private Optional<Message> query(InetSocketAddress server, Name name, int type) {
        var resolver = new SimpleResolver(server);
        resolver.setTimeout(queryTimeout);
        Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        // An authoritative server is asked for its own data, never to recurse.
        question.getHeader().unsetFlag(Flags.RD);
        try {
            Message answer = resolver.send(question);
            return answer.getRcode() == Rcode.NOERROR ? Optional.of(answer) : Optional.empty();
        } catch (IOException e) {
            LOG.debug("{} did not answer {} {}: {}", server, name, Type.string(type), e.getMessage());
            return Optional.empty();
        }
    }
}
