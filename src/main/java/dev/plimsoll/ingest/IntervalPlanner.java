package dev.plimsoll.ingest;

import dev.plimsoll.ingest.Intervals.CloseReason;
import dev.plimsoll.ingest.Intervals.Interval;
import dev.plimsoll.ingest.Intervals.Observation;
import dev.plimsoll.ingest.Intervals.Pair;
import dev.plimsoll.ingest.Intervals.ScanPoint;
import dev.plimsoll.wire.ResultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Decides how one scan changes the control-state intervals, without touching storage.
 *
 * <p>The intervals of a pair are the run-length encoding of what the scans of its host observed, in
 * time order: a run of one status is one interval; the first observation of another status closes
 * it ({@code changed}), an observation that the asset is absent closes it ({@code gone}).
 *
 * <ul>
 *   <li>A scan newer than everything known about its assets (the usual case) only looks at the open
 *       intervals: an unchanged status moves {@code lastSeen}, a changed one closes the interval and
 *       opens another.
 *   <li>A scan older than what is known (a spooled scan arriving late) is placed among the
 *       observations its pairs already had: those are rebuilt from the stored intervals and the
 *       times of the host's stored scans, the late observation is added, and the encoding is
 *       redone. So an older scan never overwrites a newer state, and the intervals come out as if
 *       the scans had arrived in order.
 * </ul>
 */
final class IntervalPlanner {

    /**
     * What to write: updates of open intervals, closings, and replacements of whole histories.
     * {@code unobserved} holds the open intervals of assets this scan saw whose control it did not
     * report: their {@code lastSeen} stays where it was.
     */
    record Plan(
            List<Interval> touched,
            List<Closing> closings,
            List<Interval> deleted,
            List<Interval> inserted,
            List<Interval> unobserved) {

        static Plan empty() {
            return new Plan(
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** An open interval that this scan closes: the stored one, and what it becomes. */
    record Closing(Interval before, Interval after) {}

    private IntervalPlanner() {}

    /**
     * A scan newer than every observation of its pairs.
     *
     * @param open the open interval of each pair, where it has one
     * @param observations what the scan saw, one per pair; absent ones close their pair as gone
     */
    static void planInOrder(
            Plan plan, Instant at, UUID scan, Map<Pair, Interval> open, Collection<Observation> observations) {
        java.util.Set<Pair> observed = new java.util.HashSet<>();
        for (Observation observation : observations) {
            observed.add(observation.pair());
            Interval current = open.get(observation.pair());
            if (observation.isAbsent()) {
                if (current != null) {
                    plan.closings().add(new Closing(current, current.closedAt(at, scan, CloseReason.gone)));
                }
            } else if (current == null) {
                plan.inserted().add(opening(observation, at, scan));
            } else if (current.status() == observation.status()) {
                if (current.lastSeen().isBefore(at)) {
                    plan.touched().add(current);
                }
            } else {
                plan.closings().add(new Closing(current, current.closedAt(at, scan, CloseReason.changed)));
                plan.inserted().add(opening(observation, at, scan));
            }
        }
        for (Interval current : open.values()) {
            if (!observed.contains(current.pair())) {
                plan.unobserved().add(current);
            }
        }
    }

    /**
     * A scan that is not newer than everything known about its pairs: each pair's history is redone
     * with this scan's observation in its place.
     *
     * @param history every stored interval of each pair, any order
     * @param points the host's other stored scans of this benchmark (times at which every pair present
     *     then was observed)
     * @param observations what this scan saw (absent: the asset was not there)
     * @param comesAndGoes the assets (containers) that a stored scan not covering them shows were absent
     */
    static void planOutOfOrder(
            Plan plan,
            Instant at,
            UUID scan,
            Map<Pair, List<Interval>> history,
            List<ScanPoint> points,
            Collection<Observation> observations,
            java.util.Set<UUID> comesAndGoes) {
        NavigableMap<Instant, UUID> scanAt = new TreeMap<>();
        for (ScanPoint point : points) {
            scanAt.putIfAbsent(point.at(), point.scan());
        }
        for (Observation observation : observations) {
            List<Interval> stored = history.getOrDefault(observation.pair(), List.of());
            if (stored.isEmpty() && observation.isAbsent()) {
                // Nothing known to close.
                continue;
            }
            NavigableMap<Instant, Seen> timeline = timeline(
                    stored, scanAt, comesAndGoes.contains(observation.pair().asset()));
            timeline.put(at, new Seen(observation.status(), observation.evidence(), scan));
            List<Interval> rebuilt = encode(observation.pair(), timeline);
            if (!sameIntervals(stored, rebuilt)) {
                plan.deleted().addAll(stored);
                plan.inserted().addAll(rebuilt);
            }
        }
    }

    /** One observation on a pair's timeline; a null status means absent. */
    private record Seen(ResultStatus status, String evidence, UUID scan) {}

    /** The observations the stored intervals stand for. */
    private static NavigableMap<Instant, Seen> timeline(
            List<Interval> stored, NavigableMap<Instant, UUID> scanAt, boolean absentWhenUncovered) {
        NavigableMap<Instant, Seen> timeline = new TreeMap<>();
        for (Interval interval : stored) {
            timeline.put(interval.from(), new Seen(interval.status(), interval.evidence(), interval.openedBy()));
            timeline.putIfAbsent(
                    interval.lastSeen(),
                    new Seen(
                            interval.status(),
                            interval.evidence(),
                            scanAt.getOrDefault(interval.lastSeen(), interval.openedBy())));
            if (interval.closeReason() == CloseReason.gone) {
                timeline.putIfAbsent(interval.to(), new Seen(null, null, interval.closedBy()));
            }
        }
        for (Map.Entry<Instant, UUID> point : scanAt.entrySet()) {
            if (timeline.containsKey(point.getKey())) {
                continue;
            }
            Seen seen = absentWhenUncovered ? new Seen(null, null, point.getValue()) : null;
            for (Interval interval : stored) {
                if (interval.covers(point.getKey())) {
                    // After its last sighting, the scans of its asset left the pair out: no observation.
                    seen = point.getKey().isAfter(interval.lastSeen())
                            ? null
                            : new Seen(interval.status(), interval.evidence(), point.getValue());
                    break;
                }
            }
            if (seen != null) {
                timeline.put(point.getKey(), seen);
            }
        }
        return timeline;
    }

    /** Run-length encoding of a timeline into intervals. */
    private static List<Interval> encode(Pair pair, NavigableMap<Instant, Seen> timeline) {
        List<Interval> intervals = new ArrayList<>();
        Interval run = null;
        for (Map.Entry<Instant, Seen> entry : timeline.entrySet()) {
            Instant at = entry.getKey();
            Seen seen = entry.getValue();
            if (seen.status() == null) {
                if (run != null) {
                    intervals.add(run.closedAt(at, seen.scan(), CloseReason.gone));
                    run = null;
                }
            } else if (run == null) {
                run = new Interval(pair, at, null, seen.status(), seen.evidence(), at, seen.scan(), null, null);
            } else if (run.status() == seen.status()) {
                run = new Interval(
                        pair, run.from(), null, run.status(), run.evidence(), at, run.openedBy(), null, null);
            } else {
                intervals.add(run.closedAt(at, seen.scan(), CloseReason.changed));
                run = new Interval(pair, at, null, seen.status(), seen.evidence(), at, seen.scan(), null, null);
            }
        }
        if (run != null) {
            intervals.add(run);
        }
        return intervals;
    }

    private static Interval opening(Observation observation, Instant at, UUID scan) {
        return new Interval(
                observation.pair(), at, null, observation.status(), observation.evidence(), at, scan, null, null);
    }

    private static boolean sameIntervals(List<Interval> stored, List<Interval> rebuilt) {
        if (stored.size() != rebuilt.size()) {
            return false;
        }
        List<Interval> sorted = new ArrayList<>(stored);
        sorted.sort((a, b) -> a.from().compareTo(b.from()));
        return sorted.equals(rebuilt);
    }
}
