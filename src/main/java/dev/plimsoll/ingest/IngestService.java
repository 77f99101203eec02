package dev.plimsoll.ingest;

import dev.plimsoll.identity.CollectorPrincipal;
import dev.plimsoll.ingest.IntervalPlanner.Plan;
import dev.plimsoll.ingest.Intervals.Interval;
import dev.plimsoll.ingest.Intervals.Observation;
import dev.plimsoll.ingest.Intervals.Pair;
import dev.plimsoll.platform.db.TenantChanges;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import dev.plimsoll.remediation.RemediationSync;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.TargetKind;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Stores one scan in one transaction: the scan and its raw document, the assets it names, the
 * control-state intervals it changes and the daily rollups, or nothing. The scan id is the
 * idempotency key within the tenant: the same scan again is answered from what was stored, a
 * different document under the same id is refused.
 */
@ApplicationScoped
public class IngestService {

    /** The order in which duplicate results for one pair are resolved: the worst verdict wins. */
    private static final List<ResultStatus> WORST_FIRST = List.of(
            ResultStatus.fail,
            ResultStatus.warn,
            ResultStatus.error,
            ResultStatus.pass,
            ResultStatus.manual,
            ResultStatus.info,
            ResultStatus.skip);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RemediationSync remediation;

    @Inject
    TenantChanges changes;

    private final Map<String, Set<String>> catalogue = new ConcurrentHashMap<>();

    /** A document to store and where it came from. */
    public record Submission(ScanDocument document, String source, byte[] raw, byte[] rawGzip, String mediaType) {}

    @Transactional
    public ScanReceipt ingest(CollectorPrincipal collector, Submission submission) {
        try (Connection db = dataSource.getConnection()) {
            return ingest(db, collector, submission);
        } catch (SQLException e) {
            if ("40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState())) {
                throw new ProblemException(
                        ProblemType.UNAVAILABLE,
                        "The scan met a concurrent write and was not stored; send it again.",
                        List.of(),
                        Map.of("Retry-After", "1"));
            }
            throw new IllegalStateException(
                    "Cannot store scan " + submission.document().scanId(), e);
        }
    }

    private ScanReceipt ingest(Connection db, CollectorPrincipal collector, Submission submission) throws SQLException {
        ScanDocument document = submission.document();
        UUID tenant = collector.tenantId();
        UUID team = collector.teamId();
        UUID scanId = UUID.fromString(document.scanId());
        Instant at = document.finishedAt().truncatedTo(ChronoUnit.MICROS);
        byte[] canonical = ScanJson.write(document).getBytes(StandardCharsets.UTF_8);
        byte[] rawHash = sha256(submission.raw());
        // The collector sends the canonical text itself: then one hash is both.
        byte[] contentHash = Arrays.equals(canonical, submission.raw()) ? rawHash : sha256(canonical);

        lock(db, "scan:" + tenant + ":" + scanId);
        ScanReceipt stored = stored(db, tenant, scanId, contentHash);
        if (stored != null) {
            return stored;
        }

        String benchmark = document.benchmark().id();
        AssetStore assets = new AssetStore(db, tenant, team);
        AssetStore.Known host = assets.host(document.host(), at);
        boolean hostLate = host.lastSeen() != null && !at.isAfter(host.lastSeen());

        // Targets: the host, its containers by name, images by id (or name).
        Map<String, AssetStore.Seen> containersSeen = new LinkedHashMap<>();
        Map<String, AssetStore.Seen> imagesSeen = new LinkedHashMap<>();
        Map<String, AssetStore.Seen> imagesRun = new LinkedHashMap<>();
        ScanTarget previous = null;
        for (ScanResult result : document.results()) {
            ScanTarget target = result.target();
            if (target == previous) {
                continue;
            }
            previous = target;
            if (target.kind() == TargetKind.container) {
                if (!containersSeen.containsKey(target.name())) {
                    containersSeen.put(
                            target.name(),
                            new AssetStore.Seen(
                                    target.name(),
                                    target.name(),
                                    target.image(),
                                    target.imageId(),
                                    target.id() == null
                                            ? "{}"
                                            : "{\"id\":" + AssetStore.Json.quote(target.id()) + "}"));
                }
                if (target.imageId() != null) {
                    imagesRun.putIfAbsent(
                            target.imageId(),
                            new AssetStore.Seen(
                                    target.imageId(),
                                    target.image() == null ? target.imageId() : target.image(),
                                    target.image(),
                                    target.imageId(),
                                    "{}"));
                }
            } else if (target.kind() == TargetKind.image) {
                String key = imageKey(target);
                imagesSeen.putIfAbsent(
                        key,
                        new AssetStore.Seen(
                                key,
                                target.name() == null ? key : target.name(),
                                target.name(),
                                target.imageId() == null ? target.id() : target.imageId(),
                                "{}"));
            }
        }
        Map<String, AssetStore.Known> containers = assets.containersOf(host.id());
        List<AssetStore.Seen> newContainers = new ArrayList<>();
        Map<UUID, AssetStore.Seen> seenAgain = new HashMap<>();
        Map<String, UUID> containerIds = new HashMap<>();
        for (AssetStore.Seen seen : containersSeen.values()) {
            AssetStore.Known known = containers.get(seen.key());
            if (known == null) {
                newContainers.add(seen);
            } else {
                seenAgain.put(known.id(), seen);
                containerIds.put(seen.key(), known.id());
            }
        }
        Map<String, UUID> created = assets.createContainers(host.id(), host.naturalKey(), newContainers, at);
        containerIds.putAll(created);
        // Assets this scan created: no remediation item can name them yet.
        Set<UUID> createdNow = new HashSet<>(created.values());
        if (host.lastSeen() == null) {
            createdNow.add(host.id());
        }
        assets.seeContainers(seenAgain, at);
        Map<String, AssetStore.Known> images = assets.images(imagesSeen.values(), at);
        imagesSeen.keySet().forEach(imagesRun::remove);
        assets.ensureImages(imagesRun.values(), at);

        // What the scan says about each pair; the worst verdict wins where a pair is named twice.
        Set<String> known = knownControls(db, benchmark, document.benchmark().version());
        Set<String> unknown = new TreeSet<>();
        Map<Pair, Observation> observations = new HashMap<>();
        Set<UUID> lateAssets = new HashSet<>();
        int passed = 0;
        int failed = 0;
        for (ScanResult result : document.results()) {
            if (!known.contains(result.control())) {
                unknown.add(result.control());
            }
            if (result.status() == ResultStatus.pass) {
                passed++;
            } else if (result.status().countsAsFailed()) {
                failed++;
            }
            ScanTarget target = result.target();
            UUID asset;
            boolean late;
            if (target.kind() == TargetKind.container) {
                asset = containerIds.get(target.name());
                late = hostLate;
            } else if (target.kind() == TargetKind.image) {
                AssetStore.Known image = images.get(imageKey(target));
                asset = image.id();
                late = image.lastSeen() != null && !at.isAfter(image.lastSeen());
            } else {
                asset = host.id();
                late = hostLate;
            }
            if (late) {
                lateAssets.add(asset);
            }
            Pair pair = new Pair(asset, result.control());
            Observation observation = new Observation(pair, result.status(), result.evidence());
            observations.merge(pair, observation, (a, b) -> rank(a) <= rank(b) ? a : b);
        }

        // Containers of this host absent from a scan that covers containers are gone.
        boolean coversContainers = "native".equals(submission.source()) || !containersSeen.isEmpty();
        List<UUID> absentContainers = new ArrayList<>();
        if (coversContainers) {
            for (AssetStore.Known container : containers.values()) {
                if (!containersSeen.containsKey(container.naturalKey())) {
                    absentContainers.add(container.id());
                }
            }
        }

        StateStore state =
                new StateStore(db, tenant, team, benchmark, document.benchmark().version());
        Plan plan = Plan.empty();
        Map<Pair, Observation> inOrder = new HashMap<>();
        List<Observation> outOfOrder = new ArrayList<>();
        for (Observation observation : observations.values()) {
            if (lateAssets.contains(observation.pair().asset())) {
                outOfOrder.add(observation);
            } else {
                inOrder.put(observation.pair(), observation);
            }
        }
        Set<UUID> inOrderAssets = new HashSet<>();
        inOrder.keySet().forEach(p -> inOrderAssets.add(p.asset()));
        if (!hostLate) {
            inOrderAssets.addAll(absentContainers);
        }
        int unchanged = 0;
        Map<UUID, String> digests = Map.of();
        if (!inOrderAssets.isEmpty()) {
            // The host and its containers, in time order: an asset whose stored digest of open intervals
            // is that of what the scan reports changes in nothing, and its intervals are not read.
            // An asset created by this scan has none to read.
            Set<UUID> digested = new HashSet<>(containerIds.values());
            digested.add(host.id());
            digests = OpenDigest.of(inOrder.values(), digested);
            Set<UUID> same = state.unchanged(OpenDigest.without(digests, createdNow));
            Map<Pair, Observation> compared = new HashMap<>();
            List<Observation> changing = new ArrayList<>();
            for (Observation observation : inOrder.values()) {
                UUID asset = observation.pair().asset();
                if (same.contains(asset)) {
                    unchanged++;
                } else if (createdNow.contains(asset)) {
                    changing.add(observation);
                } else {
                    compared.put(observation.pair(), observation);
                }
            }
            Set<UUID> comparedAssets = new HashSet<>(inOrderAssets);
            comparedAssets.removeAll(same);
            comparedAssets.removeAll(createdNow);
            Map<Pair, Interval> open = Map.of();
            if (!comparedAssets.isEmpty()) {
                // Only what may change comes back; an unchanged result only moves its asset's sighting.
                StateStore.OpenChanges changes = state.openChanges(comparedAssets, compared);
                unchanged += changes.unchanged();
                changing.addAll(changes.observations());
                open = changes.open();
            }
            Set<UUID> leftOut = new HashSet<>();
            Set<UUID> absent = new HashSet<>(absentContainers);
            for (Pair pair : open.keySet()) {
                if (absent.contains(pair.asset())) {
                    changing.add(Observation.absent(pair));
                } else if (!inOrder.containsKey(pair)) {
                    // A control the scan left out keeps a sighting of its own: no digest holds.
                    leftOut.add(pair.asset());
                }
            }
            digests = OpenDigest.without(digests, leftOut);
            IntervalPlanner.planInOrder(plan, at, scanId, open, changing);
        }
        Set<UUID> outOfOrderAssets = new HashSet<>(lateAssets);
        if (hostLate) {
            outOfOrderAssets.addAll(absentContainers);
        }
        if (!outOfOrderAssets.isEmpty()) {
            Map<Pair, List<Interval>> history = state.history(outOfOrderAssets);
            if (hostLate) {
                Set<UUID> absent = new HashSet<>(absentContainers);
                for (Pair pair : history.keySet()) {
                    if (absent.contains(pair.asset())) {
                        outOfOrder.add(Observation.absent(pair));
                    }
                }
            }
            Set<UUID> comesAndGoes = new HashSet<>();
            containers.values().forEach(c -> comesAndGoes.add(c.id()));
            comesAndGoes.addAll(containerIds.values());
            IntervalPlanner.planOutOfOrder(
                    plan, at, scanId, history, state.scanPoints(host.id()), outOfOrder, comesAndGoes);
        }
        Set<UUID> reported = new HashSet<>();
        observations.keySet().forEach(p -> reported.add(p.asset()));
        state.apply(plan, at, scanId, reported, digests, createdNow);
        if (hostLate) {
            assets.recomputeGone(host.id());
        } else {
            assets.markGone(absentContainers, at);
        }

        Instant received = insertScan(
                db, collector, submission, scanId, host.id(), at, passed, failed, unknown, contentHash, rawHash);
        // Remediation items follow the intervals this scan opened and closed, in the same transaction.
        if (!plan.closings().isEmpty() || !plan.inserted().isEmpty()) {
            Set<Pair> changed = new HashSet<>();
            plan.closings().forEach(c -> changed.add(c.after().pair()));
            // A new asset's passing results have no item to open or resolve: a first scan hands over
            // its failures only, not its 1,600 results, and with them their status.
            List<Interval> createdFailures = new ArrayList<>();
            for (Interval inserted : plan.inserted()) {
                if (!createdNow.contains(inserted.pair().asset())) {
                    changed.add(inserted.pair());
                } else if (inserted.status().countsAsFailed()) {
                    createdFailures.add(inserted);
                }
            }
            remediation.afterScan(
                    tenant,
                    scanId,
                    benchmark,
                    changed.stream().map(Pair::asset).toArray(UUID[]::new),
                    changed.stream().map(Pair::control).toArray(String[]::new),
                    new RemediationSync.CreatedFailures(
                            document.benchmark().version(),
                            team,
                            at,
                            createdFailures.stream().map(i -> i.pair().asset()).toArray(UUID[]::new),
                            createdFailures.stream()
                                    .map(i -> i.pair().control())
                                    .toArray(String[]::new),
                            createdFailures.stream().map(i -> i.status().name()).toArray(String[]::new)));
        }
        // Last: the team's rollup rows are what concurrent scans of one team share; hold them briefly.
        RollupWriter.apply(db, tenant, team, benchmark, plan);
        changes.changed();
        int gone = (int) plan.closings().stream()
                .filter(c -> c.after().closeReason() == Intervals.CloseReason.gone)
                .count();
        return new ScanReceipt(
                scanId.toString(),
                true,
                document.host().id(),
                null,
                benchmark,
                document.benchmark().version(),
                at,
                received,
                document.results().size(),
                passed,
                failed,
                List.copyOf(unknown),
                new ScanReceipt.Changes(
                        plan.inserted().size(),
                        plan.closings().size() - gone,
                        gone,
                        plan.touched().size() + unchanged,
                        !outOfOrderAssets.isEmpty()));
    }

    private static String imageKey(ScanTarget target) {
        if (target.imageId() != null) {
            return target.imageId();
        }
        return target.id() != null ? target.id() : target.name();
    }

    private static int rank(Observation observation) {
        return WORST_FIRST.indexOf(observation.status());
    }

    /** The scan as stored before, if this id was seen: the same content is answered, another refused. */
    private static ScanReceipt stored(Connection db, UUID tenant, UUID scanId, byte[] contentHash) throws SQLException {
        try (PreparedStatement sql = db.prepareStatement("select s.content_sha256, h.natural_key, s.benchmark_id,"
                + " s.benchmark_version, s.finished_at, s.received_at, s.result_count, s.passed, s.failed,"
                + " s.unknown_control_ids from scan s join asset h on h.tenant_id = s.tenant_id and h.id = s.host_asset_id"
                + " where s.tenant_id = ? and s.id = ?")) {
            sql.setObject(1, tenant);
            sql.setObject(2, scanId);
            try (ResultSet row = sql.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                if (!Arrays.equals(row.getBytes(1), contentHash)) {
                    throw new ProblemException(
                            ProblemType.CONFLICT,
                            "A different scan with the id " + scanId
                                    + " is already stored; a scan id names one document. Give a new scan a new id.",
                            List.of(new dev.plimsoll.platform.error.Problem.FieldError(
                                    "/scanId", "already used by a different document")),
                            Map.of());
                }
                return new ScanReceipt(
                        scanId.toString(),
                        false,
                        row.getString(2),
                        null,
                        row.getString(3),
                        row.getString(4),
                        row.getTimestamp(5).toInstant(),
                        row.getTimestamp(6).toInstant(),
                        row.getInt(7),
                        row.getInt(8),
                        row.getInt(9),
                        List.of((String[]) row.getArray(10).getArray()),
                        null);
            }
        }
    }

    private static Instant insertScan(
            Connection db,
            CollectorPrincipal collector,
            Submission submission,
            UUID scanId,
            UUID host,
            Instant at,
            int passed,
            int failed,
            Collection<String> unknown,
            byte[] contentHash,
            byte[] rawHash)
            throws SQLException {
        ScanDocument document = submission.document();
        Instant received;
        try (PreparedStatement sql = db.prepareStatement("insert into scan (tenant_id, id, team_id, host_asset_id,"
                + " source, benchmark_id, benchmark_version, collector_token_id, started_at, finished_at,"
                + " result_count, passed, failed, unknown_controls, unknown_control_ids, content_sha256, media_type)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning received_at")) {
            sql.setObject(1, collector.tenantId());
            sql.setObject(2, scanId);
            sql.setObject(3, collector.teamId());
            sql.setObject(4, host);
            sql.setString(5, submission.source());
            sql.setString(6, document.benchmark().id());
            sql.setString(7, document.benchmark().version());
            sql.setObject(8, collector.tokenId());
            sql.setTimestamp(9, Timestamp.from(document.startedAt()));
            sql.setTimestamp(10, Timestamp.from(at));
            sql.setInt(11, document.results().size());
            sql.setInt(12, passed);
            sql.setInt(13, failed);
            sql.setInt(14, unknown.size());
            sql.setArray(15, db.createArrayOf("text", unknown.toArray()));
            sql.setBytes(16, contentHash);
            sql.setString(17, submission.mediaType());
            try (ResultSet row = sql.executeQuery()) {
                row.next();
                received = row.getTimestamp(1).toInstant();
            }
        }
        byte[] gzip = submission.rawGzip() != null ? submission.rawGzip() : gzip(submission.raw());
        try (PreparedStatement sql = db.prepareStatement("insert into scan_document (tenant_id, scan_id, media_type,"
                + " raw_gzip, raw_sha256, raw_size) values (?, ?, ?, ?, ?, ?)")) {
            sql.setObject(1, collector.tenantId());
            sql.setObject(2, scanId);
            sql.setString(3, submission.mediaType());
            sql.setBytes(4, gzip);
            sql.setBytes(5, rawHash);
            sql.setInt(6, submission.raw().length);
            sql.executeUpdate();
        }
        return received;
    }

    private Set<String> knownControls(Connection db, String benchmark, String version) throws SQLException {
        String key = benchmark + "@" + version;
        Set<String> known = catalogue.get(key);
        if (known != null) {
            return known;
        }
        Set<String> loaded = new HashSet<>();
        try (PreparedStatement sql = db.prepareStatement(
                "select control_id from control where benchmark_id = ? and benchmark_version = ?")) {
            sql.setString(1, benchmark);
            sql.setString(2, version);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    loaded.add(rows.getString(1));
                }
            }
        }
        catalogue.put(key, Set.copyOf(loaded));
        return loaded;
    }

    private static void lock(Connection db, String key) throws SQLException {
        try (PreparedStatement sql = db.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            sql.setString(1, key);
            sql.execute();
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 8));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
