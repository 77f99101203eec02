package dev.plimsoll.ingest;

import dev.plimsoll.wire.ResultStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/** The values the interval planner works with, free of any storage. */
final class Intervals {

    private Intervals() {}

    /** One (asset, control) pair within a benchmark. */
    record Pair(UUID asset, String control) implements Comparable<Pair> {

        private static final Comparator<Pair> ORDER =
                Comparator.comparing(Pair::asset).thenComparing(Pair::control);

        @Override
        public int compareTo(Pair other) {
            return ORDER.compare(this, other);
        }

        // Written out: pairs are the keys of every map of a scan's thousands of results.
        @Override
        public boolean equals(Object other) {
            return other instanceof Pair pair && asset.equals(pair.asset) && control.equals(pair.control);
        }

        @Override
        public int hashCode() {
            return asset.hashCode() * 31 + control.hashCode();
        }
    }

    /** Why an interval ended: the status changed, or the asset was no longer there. */
    enum CloseReason {
        changed,
        gone
    }

    /**
     * One stored interval of one status: {@code [from, to)}, {@code to} null while it is current.
     * {@code evidence} is what the scan that opened it saw; {@code lastSeen} the latest scan that saw it.
     */
    record Interval(
            Pair pair,
            Instant from,
            Instant to,
            ResultStatus status,
            String evidence,
            Instant lastSeen,
            UUID openedBy,
            UUID closedBy,
            CloseReason closeReason) {

        Interval {
            Objects.requireNonNull(pair, "pair");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(lastSeen, "lastSeen");
            Objects.requireNonNull(openedBy, "openedBy");
        }

        boolean isOpen() {
            return to == null;
        }

        boolean covers(Instant instant) {
            return !from.isAfter(instant) && (to == null || instant.isBefore(to));
        }

        Interval closedAt(Instant at, UUID scan, CloseReason reason) {
            return new Interval(pair, from, at, status, evidence, lastSeen, openedBy, scan, reason);
        }
    }

    /** What one scan said about one pair. A null status means the asset was absent from the scan. */
    record Observation(Pair pair, ResultStatus status, String evidence) {

        static Observation absent(Pair pair) {
            return new Observation(pair, null, null);
        }

        boolean isAbsent() {
            return status == null;
        }
    }

    /** A scan already stored for the same host and benchmark: a point in time where its pairs were observed. */
    record ScanPoint(Instant at, UUID scan) implements Comparable<ScanPoint> {

        private static final Comparator<ScanPoint> ORDER =
                Comparator.comparing(ScanPoint::at).thenComparing(ScanPoint::scan);

        @Override
        public int compareTo(ScanPoint other) {
            return ORDER.compare(this, other);
        }
    }
}
