package dev.plimsoll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.ingest.IntervalPlanner.Closing;
import dev.plimsoll.ingest.IntervalPlanner.Plan;
import dev.plimsoll.ingest.Intervals.CloseReason;
import dev.plimsoll.ingest.Intervals.Interval;
import dev.plimsoll.ingest.Intervals.Observation;
import dev.plimsoll.ingest.Intervals.Pair;
import dev.plimsoll.ingest.Intervals.ScanPoint;
import dev.plimsoll.wire.ResultStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Replaying any sequence of scans, in any order of arrival, gives the intervals of a plain
 * reference model: per pair, the run-length encoding of its observations in time order.
 */
class IntervalPropertiesTest {

    static final UUID HOST = UUID.nameUUIDFromBytes("host".getBytes());
    static final List<UUID> CONTAINERS =
            List.of(UUID.nameUUIDFromBytes("c1".getBytes()), UUID.nameUUIDFromBytes("c2".getBytes()));
    static final List<String> CONTROLS = List.of("a", "b");
    static final List<ResultStatus> STATUSES = List.of(ResultStatus.pass, ResultStatus.fail, ResultStatus.info);

    /** One scan of the host: the host's verdicts, and each present container's. */
    record Scan(UUID id, Instant at, Map<Pair, ResultStatus> verdicts, Set<UUID> present) {}

    record Fleet(List<Scan> scans, long arrivalSeed) {}

    @Provide
    Arbitrary<Fleet> fleets() {
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 9);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(count, seeds, seeds).as((n, content, arrival) -> {
            Random random = new Random(content);
            List<Scan> scans = new ArrayList<>();
            Instant at = Instant.parse("2026-10-01T00:00:00Z");
            for (int i = 0; i < n; i++) {
                at = at.plusSeconds(60 + random.nextInt(3) * 86_400L);
                Map<Pair, ResultStatus> verdicts = new LinkedHashMap<>();
                Set<UUID> present = new HashSet<>();
                for (String control : CONTROLS) {
                    verdicts.put(new Pair(HOST, control), STATUSES.get(random.nextInt(STATUSES.size())));
                }
                for (UUID container : CONTAINERS) {
                    if (random.nextInt(10) < 7) {
                        present.add(container);
                        for (String control : CONTROLS) {
                            verdicts.put(new Pair(container, control), STATUSES.get(random.nextInt(STATUSES.size())));
                        }
                    }
                }
                scans.add(new Scan(new UUID(0, i + 1), at, verdicts, present));
            }
            return new Fleet(scans, arrival);
        });
    }

    @Property(tries = 2000)
    void any_order_of_arrival_gives_the_intervals_of_the_reference_model(@ForAll("fleets") Fleet fleet) {
        List<Scan> arrival = new ArrayList<>(fleet.scans());
        Collections.shuffle(arrival, new Random(fleet.arrivalSeed()));

        Store store = new Store();
        for (Scan scan : arrival) {
            store.ingest(scan);
        }
        assertThat(store.sorted()).isEqualTo(reference(fleet.scans()));
    }

    @Property(tries = 500)
    void scans_in_order_never_rewrite_history_they_only_close_and_open(@ForAll("fleets") Fleet fleet) {
        Store store = new Store();
        for (Scan scan : fleet.scans()) {
            Plan plan = store.ingest(scan);
            assertThat(plan.deleted()).isEmpty();
        }
    }

    // --- the reference model -------------------------------------------------------------

    static List<Interval> reference(List<Scan> scans) {
        Map<Pair, TreeMap<Instant, Scan>> observations = new HashMap<>();
        Set<Pair> pairs = new HashSet<>();
        scans.forEach(scan -> pairs.addAll(scan.verdicts().keySet()));
        for (Pair pair : pairs) {
            TreeMap<Instant, Scan> byTime = new TreeMap<>();
            scans.forEach(scan -> byTime.put(scan.at(), scan));
            observations.put(pair, byTime);
        }
        List<Interval> intervals = new ArrayList<>();
        for (Pair pair : pairs) {
            Interval run = null;
            for (Scan scan : observations.get(pair).values()) {
                ResultStatus status = scan.verdicts().get(pair);
                boolean absent = status == null;
                if (absent) {
                    if (run != null) {
                        intervals.add(run.closedAt(scan.at(), scan.id(), CloseReason.gone));
                        run = null;
                    }
                } else if (run == null) {
                    run = new Interval(pair, scan.at(), null, status, "e-" + status, scan.at(), scan.id(), null, null);
                } else if (run.status() == status) {
                    run = new Interval(
                            pair, run.from(), null, status, run.evidence(), scan.at(), run.openedBy(), null, null);
                } else {
                    intervals.add(run.closedAt(scan.at(), scan.id(), CloseReason.changed));
                    run = new Interval(pair, scan.at(), null, status, "e-" + status, scan.at(), scan.id(), null, null);
                }
            }
            if (run != null) {
                intervals.add(run);
            }
        }
        intervals.sort(ORDER);
        return intervals;
    }

    static final java.util.Comparator<Interval> ORDER =
            java.util.Comparator.comparing(Interval::pair).thenComparing(Interval::from);

    // --- the planner over an in-memory store, as ingestion drives it --------------------

    static final class Store {
        final Map<Pair, List<Interval>> intervals = new HashMap<>();
        final List<ScanPoint> points = new ArrayList<>();
        final Set<UUID> containersEverSeen = new HashSet<>();
        Instant hostLastSeen;

        Plan ingest(Scan scan) {
            boolean late = hostLastSeen != null && !scan.at().isAfter(hostLastSeen);
            List<Observation> observations = new ArrayList<>();
            scan.verdicts().forEach((pair, status) -> observations.add(new Observation(pair, status, "e-" + status)));
            Set<UUID> absent = new HashSet<>(containersEverSeen);
            absent.removeAll(scan.present());
            Plan plan = Plan.empty();
            if (!late) {
                Map<Pair, Interval> open = new HashMap<>();
                intervals.values().stream()
                        .flatMap(List::stream)
                        .filter(Interval::isOpen)
                        .forEach(i -> open.put(i.pair(), i));
                open.keySet().stream()
                        .filter(p -> absent.contains(p.asset()))
                        .forEach(p -> observations.add(Observation.absent(p)));
                IntervalPlanner.planInOrder(plan, scan.at(), scan.id(), open, observations);
            } else {
                intervals.keySet().stream()
                        .filter(p -> absent.contains(p.asset()))
                        .forEach(p -> observations.add(Observation.absent(p)));
                List<ScanPoint> sorted = new ArrayList<>(points);
                Collections.sort(sorted);
                Set<UUID> comesAndGoes = new HashSet<>(containersEverSeen);
                comesAndGoes.addAll(scan.present());
                IntervalPlanner.planOutOfOrder(
                        plan, scan.at(), scan.id(), intervals, sorted, observations, comesAndGoes);
            }
            apply(plan, scan.at());
            points.add(new ScanPoint(scan.at(), scan.id()));
            containersEverSeen.addAll(scan.present());
            hostLastSeen = hostLastSeen == null || scan.at().isAfter(hostLastSeen) ? scan.at() : hostLastSeen;
            return plan;
        }

        void apply(Plan plan, Instant at) {
            for (Interval deleted : plan.deleted()) {
                assertThat(intervals.get(deleted.pair()).remove(deleted)).isTrue();
            }
            for (Closing closing : plan.closings()) {
                List<Interval> list = intervals.get(closing.before().pair());
                list.set(list.indexOf(closing.before()), closing.after());
            }
            for (Interval inserted : plan.inserted()) {
                intervals
                        .computeIfAbsent(inserted.pair(), p -> new ArrayList<>())
                        .add(inserted);
            }
            for (Interval touched : plan.touched()) {
                List<Interval> list = intervals.get(touched.pair());
                list.set(
                        list.indexOf(touched),
                        new Interval(
                                touched.pair(),
                                touched.from(),
                                null,
                                touched.status(),
                                touched.evidence(),
                                at,
                                touched.openedBy(),
                                null,
                                null));
            }
            intervals
                    .values()
                    .forEach(list ->
                            assertThat(list.stream().filter(Interval::isOpen)).hasSizeLessThanOrEqualTo(1));
        }

        List<Interval> sorted() {
            List<Interval> all = new ArrayList<>();
            intervals.values().forEach(all::addAll);
            all.sort(ORDER);
            return all;
        }
    }
}
