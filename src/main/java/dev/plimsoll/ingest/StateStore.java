package dev.plimsoll.ingest;

import dev.plimsoll.ingest.IntervalPlanner.Closing;
import dev.plimsoll.ingest.IntervalPlanner.Plan;
import dev.plimsoll.ingest.Intervals.CloseReason;
import dev.plimsoll.ingest.Intervals.Interval;
import dev.plimsoll.ingest.Intervals.Pair;
import dev.plimsoll.ingest.Intervals.ScanPoint;
import dev.plimsoll.wire.ResultStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes control-state intervals with set-based statements: each kind of change of one
 * scan is one statement over arrays, whatever the number of results.
 */
final class StateStore {

    private static final String COLUMNS =
            "asset_id, control_id, valid_from, valid_to, status, evidence, last_seen, opened_by_scan, closed_by_scan, close_reason";

    private final Connection db;
    private final UUID tenant;
    private final UUID team;
    private final String benchmark;
    private final String version;

    StateStore(Connection db, UUID tenant, UUID team, String benchmark, String version) {
        this.db = db;
        this.tenant = tenant;
        this.team = team;
        this.benchmark = benchmark;
        this.version = version;
    }

    /** The open interval of every pair of these assets. */
    Map<Pair, Interval> open(Collection<UUID> assets) throws SQLException {
        Map<Pair, Interval> open = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement(
                "select " + COLUMNS
                        + " from control_state where tenant_id = ? and asset_id = any(?) and benchmark_id = ? and valid_to is null")) {
            sql.setObject(1, tenant);
            sql.setArray(2, uuids(assets));
            sql.setString(3, benchmark);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    Interval interval = interval(rows);
                    open.put(interval.pair(), interval);
                }
            }
        }
        return open;
    }

    /** Every interval of every pair of these assets. */
    Map<Pair, List<Interval>> history(Collection<UUID> assets) throws SQLException {
        Map<Pair, List<Interval>> history = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement("select " + COLUMNS
                + " from control_state where tenant_id = ? and asset_id = any(?) and benchmark_id = ?")) {
            sql.setObject(1, tenant);
            sql.setArray(2, uuids(assets));
            sql.setString(3, benchmark);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    Interval interval = interval(rows);
                    history.computeIfAbsent(interval.pair(), p -> new ArrayList<>())
                            .add(interval);
                }
            }
        }
        return history;
    }

    /** The host's stored scans of this benchmark, oldest first. */
    List<ScanPoint> scanPoints(UUID host) throws SQLException {
        List<ScanPoint> points = new ArrayList<>();
        try (PreparedStatement sql = db.prepareStatement("select finished_at, id from scan"
                + " where tenant_id = ? and host_asset_id = ? and benchmark_id = ? order by finished_at, id")) {
            sql.setObject(1, tenant);
            sql.setObject(2, host);
            sql.setString(3, benchmark);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    points.add(new ScanPoint(rows.getTimestamp(1).toInstant(), rows.getObject(2, UUID.class)));
                }
            }
        }
        return points;
    }

    /** Writes a plan: whole histories replaced first, then closings, new intervals, and last-seen moves. */
    void apply(Plan plan, Instant at) throws SQLException {
        if (!plan.deleted().isEmpty()) {
            List<Interval> deleted = plan.deleted();
            try (PreparedStatement sql = db.prepareStatement("delete from control_state cs"
                    + " using unnest(?::uuid[], ?::text[], ?::timestamptz[]) as u(a, c, vf)"
                    + " where cs.tenant_id = ? and cs.benchmark_id = ? and cs.asset_id = u.a and cs.control_id = u.c"
                    + " and cs.valid_from = u.vf")) {
                sql.setArray(
                        1, uuids(deleted.stream().map(i -> i.pair().asset()).toList()));
                sql.setArray(
                        2, texts(deleted.stream().map(i -> i.pair().control()).toList()));
                sql.setArray(3, times(deleted.stream().map(Interval::from).toList()));
                sql.setObject(4, tenant);
                sql.setString(5, benchmark);
                sql.executeUpdate();
            }
        }
        if (!plan.closings().isEmpty()) {
            List<Interval> closed = plan.closings().stream().map(Closing::after).toList();
            try (PreparedStatement sql = db.prepareStatement("update control_state cs"
                    + " set valid_to = u.vt, closed_by_scan = u.cb, close_reason = u.cr"
                    + " from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::uuid[], ?::text[])"
                    + " as u(a, c, vf, vt, cb, cr)"
                    + " where cs.tenant_id = ? and cs.benchmark_id = ? and cs.asset_id = u.a and cs.control_id = u.c"
                    + " and cs.valid_from = u.vf")) {
                sql.setArray(1, uuids(closed.stream().map(i -> i.pair().asset()).toList()));
                sql.setArray(
                        2, texts(closed.stream().map(i -> i.pair().control()).toList()));
                sql.setArray(3, times(closed.stream().map(Interval::from).toList()));
                sql.setArray(4, times(closed.stream().map(Interval::to).toList()));
                sql.setArray(5, uuids(closed.stream().map(Interval::closedBy).toList()));
                sql.setArray(
                        6,
                        texts(closed.stream().map(i -> i.closeReason().name()).toList()));
                sql.setObject(7, tenant);
                sql.setString(8, benchmark);
                sql.executeUpdate();
            }
        }
        if (!plan.inserted().isEmpty()) {
            List<Interval> inserted = plan.inserted();
            try (PreparedStatement sql = db.prepareStatement("insert into control_state (tenant_id, team_id,"
                    + " benchmark_id, benchmark_version, " + COLUMNS + ")"
                    + " select ?, ?, ?, ?, a, c, vf, vt, s, e, ls, ob, cb, cr"
                    + " from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[],"
                    + " ?::timestamptz[], ?::uuid[], ?::uuid[], ?::text[]) as u(a, c, vf, vt, s, e, ls, ob, cb, cr)")) {
                sql.setObject(1, tenant);
                sql.setObject(2, team);
                sql.setString(3, benchmark);
                sql.setString(4, version);
                sql.setArray(
                        5, uuids(inserted.stream().map(i -> i.pair().asset()).toList()));
                sql.setArray(
                        6, texts(inserted.stream().map(i -> i.pair().control()).toList()));
                sql.setArray(7, times(inserted.stream().map(Interval::from).toList()));
                sql.setArray(8, times(inserted.stream().map(Interval::to).toList()));
                sql.setArray(
                        9, texts(inserted.stream().map(i -> i.status().name()).toList()));
                sql.setArray(10, texts(inserted.stream().map(Interval::evidence).toList()));
                sql.setArray(11, times(inserted.stream().map(Interval::lastSeen).toList()));
                sql.setArray(12, uuids(inserted.stream().map(Interval::openedBy).toList()));
                sql.setArray(13, uuids(inserted.stream().map(Interval::closedBy).toList()));
                sql.setArray(
                        14,
                        texts(inserted.stream()
                                .map(i -> i.closeReason() == null
                                        ? null
                                        : i.closeReason().name())
                                .toList()));
                sql.executeUpdate();
            }
        }
        if (!plan.touched().isEmpty()) {
            // Every open interval of the assets concerned, found by the open-interval index, except those
            // the scan did not report: one index range per asset instead of a join per result.
            Set<UUID> assets = new HashSet<>();
            plan.touched().forEach(i -> assets.add(i.pair().asset()));
            List<Interval> skipped = plan.unobserved().stream()
                    .filter(i -> assets.contains(i.pair().asset()))
                    .toList();
            try (PreparedStatement sql = db.prepareStatement("update control_state cs set last_seen = ?"
                    + " where cs.tenant_id = ? and cs.asset_id = any(?) and cs.benchmark_id = ?"
                    + " and cs.valid_to is null and cs.last_seen < ?"
                    + " and not exists (select 1 from unnest(?::uuid[], ?::text[]) as u(a, c)"
                    + " where u.a = cs.asset_id and u.c = cs.control_id)")) {
                sql.setTimestamp(1, Timestamp.from(at));
                sql.setObject(2, tenant);
                sql.setArray(3, uuids(assets));
                sql.setString(4, benchmark);
                sql.setTimestamp(5, Timestamp.from(at));
                sql.setArray(
                        6, uuids(skipped.stream().map(i -> i.pair().asset()).toList()));
                sql.setArray(
                        7, texts(skipped.stream().map(i -> i.pair().control()).toList()));
                sql.executeUpdate();
            }
        }
    }

    private static Interval interval(ResultSet rows) throws SQLException {
        Timestamp to = rows.getTimestamp("valid_to");
        String reason = rows.getString("close_reason");
        return new Interval(
                new Pair(rows.getObject("asset_id", UUID.class), rows.getString("control_id")),
                rows.getTimestamp("valid_from").toInstant(),
                to == null ? null : to.toInstant(),
                ResultStatus.valueOf(rows.getString("status")),
                rows.getString("evidence"),
                rows.getTimestamp("last_seen").toInstant(),
                rows.getObject("opened_by_scan", UUID.class),
                rows.getObject("closed_by_scan", UUID.class),
                reason == null ? null : CloseReason.valueOf(reason));
    }

    private Array uuids(Collection<UUID> values) throws SQLException {
        return db.createArrayOf("uuid", values.toArray());
    }

    private Array texts(Collection<String> values) throws SQLException {
        return db.createArrayOf("text", values.toArray());
    }

    private Array times(Collection<Instant> values) throws SQLException {
        return db.createArrayOf(
                "timestamptz",
                values.stream().map(v -> v == null ? null : Timestamp.from(v)).toArray());
    }
}
