package io.hotcert.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of one archived certificate set, {@code 20261121T213300Z-000}: a UTC time stamp and a
 * counter that keeps names unique within a second. IDs order by (stamp, counter), which is the
 * order in which the sets were stored.
 */
record ArchiveId(String stamp, int counter) implements Comparable<ArchiveId> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern FORMAT = Pattern.compile("(\\d{8}T\\d{6}Z)-(\\d{3,9})");
    private static final Comparator<ArchiveId> ORDER =
            Comparator.comparing(ArchiveId::stamp).thenComparingInt(ArchiveId::counter);

    /**
     * The ID for a set stored at {@code now}. Boards without a battery-backed clock run far in
     * the past until NTP answers; continuing from the newest existing stamp when the clock is
     * behind keeps IDs in storing order, so pruning still keeps the sets that are really newest.
     */
    static ArchiveId next(Instant now, Collection<ArchiveId> existing) {
        String stamp = STAMP.format(now);
        return existing.stream()
                .max(ORDER)
                .filter(newest -> newest.stamp.compareTo(stamp) >= 0)
                .map(newest -> new ArchiveId(newest.stamp, newest.counter + 1))
                .orElseGet(() -> new ArchiveId(stamp, 0));
    }

    /** The ID a directory name stands for; empty for anything hotcert did not name. */
    static Optional<ArchiveId> parse(String name) {
        var matcher = FORMAT.matcher(name);
        return matcher.matches()
                ? Optional.of(new ArchiveId(matcher.group(1), Integer.parseInt(matcher.group(2))))
                : Optional.empty();
    }

    @Override
    public int compareTo(ArchiveId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        // Zero-padded so that a plain directory listing shows the sets in order too.
        return stamp + "-" + String.format("%03d", counter);
    }
}
