package dev.plimsoll.ingest;

import dev.plimsoll.ingest.IntervalPlanner.Closing;
import dev.plimsoll.ingest.IntervalPlanner.Plan;
import dev.plimsoll.ingest.Intervals.Interval;
import dev.plimsoll.ingest.Intervals.Observation;
import dev.plimsoll.ingest.Intervals.Pair;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.TargetKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Recomputes control-state intervals in memory by replaying stored scans in time order through the
 * same planning as ingestion ({@link IntervalPlanner#planInOrder}): the intervals a tenant's stored
 * scans should have produced, whatever order they arrived in. Used by the consistency check.
 *
 * <p>Assets are named by kind and natural key as ingestion names them (a host by its id, a container
 * by {@code host/name}, an image by its id or name); the caller maps those to asset ids.
 */
public final class IntervalReplay {

    /** One recomputed interval of one (asset, benchmark, control). */
    public record Replayed(
            UUID team,
            UUID asset,
            String benchmark,
            String control,
            Instant from,
            Instant to,
            ResultStatus status,
            String closeReason) {}

    /** The order in which duplicate results for one pair are resolved: the worst verdict wins. */
    private static final List<ResultStatus> WORST_FIRST = List.of(
            ResultStatus.fail,
            ResultStatus.warn,
            ResultStatus.error,
            ResultStatus.pass,
            ResultStatus.manual,
            ResultStatus.info,
            ResultStatus.skip);

    private final BiFunction<String, String, UUID> assetIds;
    private final Map<String, Map<Pair, Interval>> open = new HashMap<>();
    private final Map<UUID, UUID> teamOfAsset = new HashMap<>();
    private final List<Replayed> closed = new ArrayList<>();
    private final Map<String, Set<UUID>> containersOfHost = new HashMap<>();

    /** @param assetIds the asset id of (kind, natural key), as stored */
    public IntervalReplay(BiFunction<String, String, UUID> assetIds) {
        this.assetIds = assetIds;
    }

    /**
     * Replays one scan; scans must be given in time order ({@code finished_at}).
     *
     * @param source {@code native} or the import format the document was converted from
     * @param hostKey the natural key of the scan's host, as stored
     * @param finishedAt when the scan finished, as stored
     */
    public void replay(
            UUID team, UUID scanId, String source, String hostKey, Instant finishedAt, ScanDocument document) {
        Instant at = finishedAt.truncatedTo(ChronoUnit.MICROS);
        String benchmark = document.benchmark().id();
        UUID host = assetIds.apply("host", hostKey);
        Set<UUID> knownContainers = containersOfHost.computeIfAbsent(hostKey, k -> new LinkedHashSet<>());
        Set<UUID> seenContainers = new LinkedHashSet<>();
        Map<Pair, Observation> observations = new HashMap<>();
        for (ScanResult result : document.results()) {
            ScanTarget target = result.target();
            UUID asset;
            if (target.kind() == TargetKind.container) {
                asset = assetIds.apply("container", hostKey + "/" + target.name());
                seenContainers.add(asset);
            } else if (target.kind() == TargetKind.image) {
                String key =
                        target.imageId() != null ? target.imageId() : target.id() != null ? target.id() : target.name();
                asset = assetIds.apply("image", key);
            } else {
                asset = host;
            }
            Pair pair = new Pair(asset, result.control());
            Observation observation = new Observation(pair, result.status(), result.evidence());
            observations.merge(
                    pair,
                    observation,
                    (a, b) -> WORST_FIRST.indexOf(a.status()) <= WORST_FIRST.indexOf(b.status()) ? a : b);
        }
        Map<Pair, Interval> openOfBenchmark = open.computeIfAbsent(benchmark, k -> new HashMap<>());
        observations.keySet().forEach(pair -> teamOfAsset.put(pair.asset(), team));
        List<Observation> all = new ArrayList<>(observations.values());
        boolean coversContainers = "native".equals(source) || !seenContainers.isEmpty();
        if (coversContainers) {
            Set<UUID> absent = new LinkedHashSet<>(knownContainers);
            absent.removeAll(seenContainers);
            for (Pair pair : openOfBenchmark.keySet()) {
                if (absent.contains(pair.asset())) {
                    all.add(Observation.absent(pair));
                }
            }
        }
        knownContainers.addAll(seenContainers);
        Plan plan = Plan.empty();
        IntervalPlanner.planInOrder(plan, at, scanId, openOfBenchmark, all);
        for (Interval touched : plan.touched()) {
            openOfBenchmark.put(
                    touched.pair(),
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
        for (Closing closing : plan.closings()) {
            openOfBenchmark.remove(closing.before().pair());
            closed.add(replayed(team, benchmark, closing.after()));
        }
        for (Interval inserted : plan.inserted()) {
            openOfBenchmark.put(inserted.pair(), inserted);
        }
    }

    /** Every recomputed interval, closed and open. */
    public List<Replayed> intervals() {
        List<Replayed> all = new ArrayList<>(closed);
        for (Map.Entry<String, Map<Pair, Interval>> benchmark : open.entrySet()) {
            for (Interval interval : benchmark.getValue().values()) {
                all.add(replayed(teamOfAsset.get(interval.pair().asset()), benchmark.getKey(), interval));
            }
        }
        return all;
    }

    private Replayed replayed(UUID team, String benchmark, Interval interval) {
        return new Replayed(
                team,
                interval.pair().asset(),
                benchmark,
                interval.pair().control(),
                interval.from(),
                interval.to(),
                interval.status(),
                interval.closeReason() == null ? null : interval.closeReason().name());
    }
}
