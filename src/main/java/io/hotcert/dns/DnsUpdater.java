package io.hotcert.dns;

import java.io.IOException;
import java.time.Duration;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

/**
 * Adds and removes one TXT record at a time on the zone's primary with RFC 2136 updates signed by
 * the TSIG key. Only the record itself is touched: a wildcard and its base name share one
 * {@code _acme-challenge} name, so each update adds or deletes one value and leaves the others.
 */
public final class DnsUpdater {

    /** Short: the record only has to live while the CA validates, and a stale one is cleaned up next time. */
    static final long TTL_SECONDS = 60;

    private final PrimaryServer primary;
    private final Name zone;
    private final Name keyName;
    private final SimpleResolver resolver;

    /** @param timeout how long one update may wait for the server's answer */
    public DnsUpdater(PrimaryServer primary, TsigKey key, Duration timeout) {
        this.primary = primary;
        this.zone = DnsNames.absolute(primary.zone());
        this.keyName = DnsNames.absolute(key.name());
        // hmac-sha256 and its kin, as the configuration checked them
        Name algorithm = TSIG.algorithmToName(key.algorithm());
        this.resolver = new SimpleResolver(primary.address());
        resolver.setTSIGKey(new TSIG(algorithm, keyName, key.secret()));
        resolver.setTCP(true);
        resolver.setTimeout(timeout);
    }

    public void add(String recordName, String text) throws DnsUpdateException {
        Update update = new Update(zone);
        update.add(record(recordName, text));
        send(update, "add");
    }

    public void remove(String recordName, String text) throws DnsUpdateException {
        Update update = new Update(zone);
        update.delete(record(recordName, text));
        send(update, "remove");
    }

    private TXTRecord record(String recordName, String text) throws DnsUpdateException {
        Name name = DnsNames.absolute(recordName);
        if (!name.subdomain(zone)) {
            throw new DnsUpdateException(name + " is not in dns.zone " + zone + "; set dns.zone to the zone that holds it");
        }
        return new TXTRecord(name, DClass.IN, TTL_SECONDS, text);
    }

    private void send(Update update, String what) throws DnsUpdateException {
        Message response;
        try {
            response = resolver.send(update);
        } catch (IOException e) {
            throw new DnsUpdateException("dns.server " + primary.label() + " did not answer the update (" + what
                    + " a TXT record): " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        TSIGRecord tsig = response.getTSIG();
        int tsigError = tsig == null ? Rcode.NOERROR : tsig.getError();
        if (tsigError != Rcode.NOERROR) {
            throw refused(signatureProblem(tsigError));
        }
        if (rcode != Rcode.NOERROR) {
            throw refused(switch (rcode) {
                case Rcode.REFUSED -> "not allowed (let the key update zone " + zone + " on the server)";
                case Rcode.NOTAUTH, Rcode.NOTZONE -> "the server is not the primary of zone " + zone + " (check dns.server and dns.zone)";
                default -> Rcode.string(rcode);
            });
        }
        if (!response.isVerified()) {
            throw refused("its answer carried no valid signature of the key");
        }
    }

    private static String signatureProblem(int tsigError) {
        return switch (tsigError) {
            case Rcode.BADSIG -> "bad signature (check dns.tsig.secret-file)";
            case Rcode.BADKEY -> "unknown key or algorithm (check dns.tsig.name and dns.tsig.algorithm)";
            case Rcode.BADTIME -> "the clocks differ by more than " + TSIG.FUDGE.toSeconds() + " s (check this board's clock)";
            default -> Rcode.TSIGstring(tsigError);
        };
    }

    private DnsUpdateException refused(String reason) {
        return new DnsUpdateException("dns.server " + primary.label() + " refused the update signed with key '"
                + keyName + "': " + reason);
    }
}
