package dev.plimsoll.resilience;

import dev.plimsoll.ingest.IntervalReplay;
import dev.plimsoll.ingest.IntervalReplay.Replayed;
import dev.plimsoll.ingest.OpenDigest;
import dev.plimsoll.platform.db.TenantContext;
import dev.plimsoll.resilience.ConsistencyReport.Counts;
import dev.plimsoll.resilience.ConsistencyReport.Difference;
import dev.plimsoll.resilience.ConsistencyReport.RollupCounts;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.imports.ImportContext;
import dev.plimsoll.wire.imports.Importers;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Recomputes a tenant's control-state intervals and daily rollups from its stored raw scans and
 * reports where the stored ones differ. The scans are replayed in time order through ingestion's
 * own interval planning ({@link IntervalReplay}), so the result is what in-order arrival gives;
 * ingestion promises the same result whatever the arrival order, retries or failures.
 */
@ApplicationScoped
public class ConsistencyChecker {

    static final int MAX_DIFFERENCES = 50;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    ConsistencyChecker self;

    /** The report for the tenant with this slug, or empty if there is none. */
    public Optional<ConsistencyReport> check(String slug) {
        for (UUID tenant : self.tenantIds()) {
            if (slug.equals(tenants.callAs(tenant, self::currentSlug))) {
                return Optional.of(check(tenant));
            }
        }
        return Optional.empty();
    }

    /** The report for one tenant. */
    public ConsistencyReport check(UUID tenant) {
        return tenants.callAs(tenant, self::checkCurrentTenant);
    }

    @Transactional
    List<UUID> tenantIds() {
        List<UUID> ids = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
                PreparedStatement sql = db.prepareStatement("select plimsoll_tenant_ids()");
                ResultSet rows = sql.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list tenants", e);
        }
        return ids;
    }

    @Transactional
    String currentSlug() {
        try (Connection db = dataSource.getConnection();
                PreparedStatement sql =
                        db.prepareStatement("select slug from tenant where id = plimsoll_current_tenant()");
                ResultSet rows = sql.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the tenant", e);
        }
    }

    /** One key of a stored or recomputed interval. */
    private record IntervalKey(UUID asset, String benchmark, String control, Instant from) {}

    private record IntervalValue(ResultStatus status, Instant to, String closeReason) {
        @Override
        public String toString() {
            return status + " until " + (to == null ? "now" : to)
                    + (closeReason == null ? "" : " (" + closeReason + ")");
        }
    }

    private record RollupKey(UUID team, LocalDate day, String benchmark, String control)
            implements Comparable<RollupKey> {
        @Override
        public int compareTo(RollupKey o) {
            int c = team.compareTo(o.team);
            c = c != 0 ? c : day.compareTo(o.day);
            c = c != 0 ? c : benchmark.compareTo(o.benchmark);
            return c != 0 ? c : control.compareTo(o.control);
        }
    }

    private record RollupValue(int passed, int failed, int other) {
        boolean isZero() {
            return passed == 0 && failed == 0 && other == 0;
        }

        @Override
        public String toString() {
            return "passed " + passed + ", failed " + failed + ", other " + other;
        }
    }

    @Transactional
    ConsistencyReport checkCurrentTenant() {
        try (Connection db = dataSource.getConnection()) {
            return checkCurrentTenant(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check consistency", e);
        }
    }

    /**
     * The report for the tenant set on this connection's transaction ({@code plimsoll.tenant}); the
     * fault suite calls it over plain JDBC.
     */
    static ConsistencyReport checkCurrentTenant(Connection db) throws SQLException {
        List<Difference> differences = new ArrayList<>();
        int[] differenceCount = {0};
        java.util.function.Consumer<Difference> report = d -> {
            differenceCount[0]++;
            if (differences.size() < MAX_DIFFERENCES) {
                differences.add(d);
            }
        };

        Map<String, UUID> assets = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement(
                        "select kind, natural_key, id from asset where tenant_id = plimsoll_current_tenant()");
                ResultSet rows = sql.executeQuery()) {
            while (rows.next()) {
                assets.put(rows.getString(1) + " " + rows.getString(2), rows.getObject(3, UUID.class));
            }
        }
        IntervalReplay replay = new IntervalReplay((kind, key) -> {
            UUID id = assets.get(kind + " " + key);
            if (id == null) {
                id = UUID.nameUUIDFromBytes((kind + " " + key).getBytes(StandardCharsets.UTF_8));
                if (assets.putIfAbsent(kind + " " + key, id) == null) {
                    report.accept(new Difference("asset-missing", kind + " " + key, "an asset", "none"));
                }
            }
            return id;
        });

        int scans = 0;
        try (PreparedStatement sql = db.prepareStatement("select s.id, s.team_id, s.source, s.finished_at,"
                + " h.natural_key, d.raw_gzip from scan s"
                + " join asset h on h.tenant_id = s.tenant_id and h.id = s.host_asset_id"
                + " left join scan_document d on d.tenant_id = s.tenant_id and d.scan_id = s.id"
                + " where s.tenant_id = plimsoll_current_tenant() order by s.finished_at, s.id")) {
            sql.setFetchSize(100);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    scans++;
                    UUID scan = rows.getObject(1, UUID.class);
                    UUID team = rows.getObject(2, UUID.class);
                    String source = rows.getString(3);
                    Instant at = rows.getTimestamp(4).toInstant();
                    String host = rows.getString(5);
                    byte[] gzip = rows.getBytes(6);
                    if (gzip == null) {
                        report.accept(new Difference(
                                "document-missing", "scan " + scan, "its raw document", "none (pruned?)"));
                        continue;
                    }
                    ScanDocument document;
                    try {
                        document = read(source, gunzip(gzip), host, at, scan);
                    } catch (RuntimeException e) {
                        report.accept(new Difference(
                                "document-unreadable",
                                "scan " + scan,
                                "a readable document",
                                e.getClass().getSimpleName()));
                        continue;
                    }
                    replay.replay(team, scan, source, host, at, document);
                }
            }
        }

        // Intervals.
        Map<IntervalKey, IntervalValue> recomputed = new HashMap<>();
        List<Replayed> replayed = replay.intervals();
        for (Replayed r : replayed) {
            recomputed.put(
                    new IntervalKey(r.asset(), r.benchmark(), r.control(), r.from()),
                    new IntervalValue(r.status(), r.to(), r.closeReason()));
        }
        Map<IntervalKey, IntervalValue> stored = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement("select asset_id, benchmark_id, control_id, valid_from,"
                + " valid_to, status, close_reason from control_state where tenant_id = plimsoll_current_tenant()")) {
            sql.setFetchSize(1000);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    Timestamp to = rows.getTimestamp(5);
                    stored.put(
                            new IntervalKey(
                                    rows.getObject(1, UUID.class),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getTimestamp(4).toInstant()),
                            new IntervalValue(
                                    ResultStatus.valueOf(rows.getString(6)),
                                    to == null ? null : to.toInstant(),
                                    rows.getString(7)));
                }
            }
        }
        int intervalDiffs = 0;
        for (Map.Entry<IntervalKey, IntervalValue> entry : recomputed.entrySet()) {
            IntervalValue found = stored.get(entry.getKey());
            if (!entry.getValue().equals(found)) {
                intervalDiffs++;
                report.accept(new Difference(
                        found == null ? "interval-missing" : "interval-different",
                        subject(entry.getKey()),
                        entry.getValue().toString(),
                        found == null ? "none" : found.toString()));
            }
        }
        for (Map.Entry<IntervalKey, IntervalValue> entry : stored.entrySet()) {
            if (!recomputed.containsKey(entry.getKey())) {
                intervalDiffs++;
                report.accept(new Difference(
                        "interval-unexpected",
                        subject(entry.getKey()),
                        "none",
                        entry.getValue().toString()));
            }
        }

        // Digests of open intervals (V22): each stored one must be that of the asset's open intervals.
        checkDigests(db, report);
        checkRemediationLinks(db, report);

        // Rollups: per team, day, benchmark, control, the intervals covering the end of the day.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<RollupKey, int[]> counts = new TreeMap<>();
        for (Replayed r : replayed) {
            LocalDate first = r.from().atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate last = r.to() == null
                    ? today
                    : r.to().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
            if (last.isAfter(today)) {
                last = today;
            }
            int column = r.status() == ResultStatus.pass ? 0 : r.status().countsAsFailed() ? 1 : 2;
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                counts.computeIfAbsent(new RollupKey(r.team(), day, r.benchmark(), r.control()), k -> new int[3])[
                        column]++;
            }
        }
        Map<RollupKey, RollupValue> storedRollups = new TreeMap<>();
        Map<UUID, LocalDate> lastRolledUp = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement("select team_id, day, benchmark_id, control_id, passed,"
                + " failed, other from posture_rollup_daily where tenant_id = plimsoll_current_tenant()")) {
            sql.setFetchSize(1000);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    RollupKey key = new RollupKey(
                            rows.getObject(1, UUID.class),
                            rows.getDate(2).toLocalDate(),
                            rows.getString(3),
                            rows.getString(4));
                    storedRollups.put(key, new RollupValue(rows.getInt(5), rows.getInt(6), rows.getInt(7)));
                    lastRolledUp.merge(key.team(), key.day(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        TreeSet<RollupKey> keys = new TreeSet<>(storedRollups.keySet());
        keys.addAll(counts.keySet());
        int rollupDiffs = 0;
        int recomputedRollups = 0;
        java.util.Set<String> pendingDays = new java.util.HashSet<>();
        RollupValue zero = new RollupValue(0, 0, 0);
        for (RollupKey key : keys) {
            int[] c = counts.get(key);
            RollupValue expected = c == null ? zero : new RollupValue(c[0], c[1], c[2]);
            RollupValue found = storedRollups.getOrDefault(key, zero);
            LocalDate last = lastRolledUp.get(key.team());
            if (!storedRollups.containsKey(key) && (last == null || key.day().isAfter(last))) {
                pendingDays.add(key.team() + " " + key.day());
                continue;
            }
            if (!expected.isZero()) {
                recomputedRollups++;
            }
            if (!Objects.equals(expected, found)) {
                rollupDiffs++;
                report.accept(new Difference(
                        "rollup-different",
                        "team " + key.team() + " day " + key.day() + " " + key.benchmark() + " " + key.control(),
                        expected.toString(),
                        storedRollups.containsKey(key) ? found.toString() : "none"));
            }
        }
        return new ConsistencyReport(
                differenceCount[0] == 0,
                scans,
                new Counts(stored.size(), recomputed.size(), intervalDiffs),
                new RollupCounts(storedRollups.size(), recomputedRollups, rollupDiffs, pendingDays.size()),
                List.copyOf(differences),
                differenceCount[0]);
    }

    /**
     * Reports every stored digest of an asset's open intervals that is not theirs: ingestion skips
     * reading the intervals of an asset whose digest matches what a scan reports, so a stale one
     * would hide a change.
     */
    private static void checkDigests(Connection db, java.util.function.Consumer<Difference> report)
            throws SQLException {
        record Digested(UUID asset, String benchmark) {}
        Map<Digested, String> digests = new HashMap<>();
        Map<Digested, TreeMap<String, ResultStatus>> open = new HashMap<>();
        java.util.Set<Digested> ownSighting = new java.util.HashSet<>();
        try (PreparedStatement sql =
                db.prepareStatement("select s.asset_id, s.benchmark_id, encode(s.open_digest, 'hex'),"
                        + " cs.control_id, cs.status, cs.last_seen is not null from asset_seen s"
                        + " left join control_state cs on cs.tenant_id = s.tenant_id and cs.asset_id = s.asset_id"
                        + " and cs.benchmark_id = s.benchmark_id and cs.valid_to is null"
                        + " where s.tenant_id = plimsoll_current_tenant() and s.open_digest is not null")) {
            sql.setFetchSize(1000);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    Digested key = new Digested(rows.getObject(1, UUID.class), rows.getString(2));
                    digests.put(key, rows.getString(3));
                    TreeMap<String, ResultStatus> statuses = open.computeIfAbsent(key, k -> new TreeMap<>());
                    if (rows.getString(4) != null) {
                        statuses.put(rows.getString(4), ResultStatus.valueOf(rows.getString(5)));
                        if (rows.getBoolean(6)) {
                            ownSighting.add(key);
                        }
                    }
                }
            }
        }
        for (Map.Entry<Digested, String> entry : digests.entrySet()) {
            Digested key = entry.getKey();
            String expected = ownSighting.contains(key) ? "none (a control left out)" : OpenDigest.of(open.get(key));
            if (!expected.equals(entry.getValue())) {
                report.accept(new Difference(
                        "digest-stale", "asset " + key.asset() + " " + key.benchmark(), expected, entry.getValue()));
            }
        }
    }

    /**
     * Reports remediation items of no asset or no team, and history rows of no item: the remediation
     * tables keep no foreign keys (V24), their writers name what they created or read in the same
     * transaction.
     */
    private static void checkRemediationLinks(Connection db, java.util.function.Consumer<Difference> report)
            throws SQLException {
        try (PreparedStatement sql = db.prepareStatement("select 'item-orphaned', 'remediation item ' || i.id,"
                        + " case when a.id is null then 'asset ' || i.asset_id else 'team ' || i.team_id end"
                        + " from remediation_item i"
                        + " left join asset a on a.tenant_id = i.tenant_id and a.id = i.asset_id"
                        + " left join team t on t.tenant_id = i.tenant_id and t.id = i.team_id"
                        + " where i.tenant_id = plimsoll_current_tenant() and (a.id is null or t.id is null)"
                        + " union all"
                        + " select 'event-orphaned', 'remediation event ' || e.id, 'item ' || e.item_id"
                        + " from remediation_event e where e.tenant_id = plimsoll_current_tenant() and not exists"
                        + " (select 1 from remediation_item i where i.tenant_id = e.tenant_id and i.id = e.item_id)");
                ResultSet rows = sql.executeQuery()) {
            while (rows.next()) {
                report.accept(new Difference(rows.getString(1), rows.getString(2), rows.getString(3), "none"));
            }
        }
    }

    private static String subject(IntervalKey key) {
        return "asset " + key.asset() + " " + key.benchmark() + " " + key.control() + " from " + key.from();
    }

    private static ScanDocument read(String source, byte[] raw, String host, Instant at, UUID scan) {
        if ("native".equals(source)) {
            return ScanJson.read(new String(raw, StandardCharsets.UTF_8));
        }
        // Imports were converted with the host, time and id the request named; the stored scan row
        // keeps the host, the finishing time and the id that conversion gave.
        return Importers.convert(source, new ByteArrayInputStream(raw), new ImportContext(host, at, scan.toString()));
    }

    private static byte[] gunzip(byte[] gzip) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
