package dev.plimsoll.ingest;

import dev.plimsoll.ingest.IntervalPlanner.Closing;
import dev.plimsoll.ingest.IntervalPlanner.Plan;
import dev.plimsoll.ingest.Intervals.CloseReason;
import dev.plimsoll.ingest.Intervals.Interval;
import dev.plimsoll.ingest.Intervals.Observation;
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

    /**
     * The stored columns as read: an interval's last sighting is its own where it has one (closed, or
     * left out by a later scan of its asset), else its asset's latest scan of the benchmark.
     */
    private static final String READ = "select cs.asset_id, cs.control_id, cs.valid_from, cs.valid_to, cs.status,"
            + " cs.evidence, coalesce(cs.last_seen, s.last_seen) as last_seen, cs.opened_by_scan, cs.closed_by_scan,"
            + " cs.close_reason"
            + " from control_state cs left join asset_seen s on s.tenant_id = cs.tenant_id and s.asset_id = cs.asset_id"
            + " and s.benchmark_id = cs.benchmark_id"
            + " where cs.tenant_id = ? and cs.asset_id = any(?) and cs.benchmark_id = ?";

    private final Connection db;
    private final UUID tenant;
    private final UUID team;
    private final String benchmark;
    private final String version;
    /** The open intervals read by {@link #openChanges} that carry their own last sighting. */
    private final Set<Pair> ownSighting = new HashSet<>();

    StateStore(Connection db, UUID tenant, UUID team, String benchmark, String version) {
        this.db = db;
        this.tenant = tenant;
        this.team = team;
        this.benchmark = benchmark;
        this.version = version;
    }

    /**
     * What a scan in time order needs of the open intervals of its assets: only those it may change,
     * compared with its observations by the database. Every observation of the same status as its
     * pair's open interval, where that interval follows its asset's sighting, changes nothing but the
     * asset's sighting, and is only counted.
     *
     * @param assets the assets whose open intervals the scan concerns (those it reported, and
     *     containers absent from it)
     * @param observed what the scan reported, one observation per pair
     */
    OpenChanges openChanges(Collection<UUID> assets, Map<Pair, Observation> observed) throws SQLException {
        int size = observed.size();
        UuidColumn assetIds = new UuidColumn(size);
        Object[] controls = new Object[size];
        Object[] statuses = new Object[size];
        int i = 0;
        for (Observation observation : observed.values()) {
            assetIds.add(observation.pair().asset());
            controls[i] = observation.pair().control();
            statuses[i] = observation.status().name();
            i++;
        }
        Map<Pair, Interval> open = new HashMap<>();
        List<Observation> changing = new ArrayList<>();
        try (PreparedStatement sql = db.prepareStatement(OPEN_CHANGES)) {
            Array assetArray = uuids(assets);
            sql.setObject(1, tenant);
            sql.setArray(2, assetArray);
            sql.setString(3, benchmark);
            sql.setArray(4, assetIds.values(db));
            sql.setArray(5, assetIds.indexes(db));
            sql.setArray(6, db.createArrayOf("text", controls));
            sql.setArray(7, db.createArrayOf("text", statuses));
            sql.setObject(8, tenant);
            sql.setString(9, benchmark);
            sql.setArray(10, assetArray);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    String control = rows.getString(2);
                    if (control == null) {
                        // Reported, and no open interval: a pair seen for the first time, or again.
                        changing.add(observed.get(new Pair(rows.getObject(8, UUID.class), rows.getString(9))));
                        continue;
                    }
                    Pair pair = new Pair(rows.getObject(1, UUID.class), control);
                    Timestamp own = rows.getTimestamp(5);
                    Timestamp lastSeen = own != null ? own : rows.getTimestamp(6);
                    if (own != null) {
                        ownSighting.add(pair);
                    }
                    open.put(
                            pair,
                            new Interval(
                                    pair,
                                    rows.getTimestamp(3).toInstant(),
                                    null,
                                    ResultStatus.valueOf(rows.getString(4)),
                                    null,
                                    lastSeen == null ? null : lastSeen.toInstant(),
                                    rows.getObject(7, UUID.class),
                                    null,
                                    null));
                    Observation observation = observed.get(pair);
                    if (observation != null) {
                        changing.add(observation);
                    }
                }
            }
        }
        return new OpenChanges(open, changing, size - changing.size());
    }

    /**
     * The open intervals a scan may change and the observations that may change them; {@code
     * unchanged} counts the other observations (same status, sighting follows the asset's).
     */
    record OpenChanges(Map<Pair, Interval> open, List<Observation> observations, int unchanged) {}

    /**
     * The open intervals of the assets, side by side with the scan's observations: those whose status
     * differs, those not reported (a container gone, or a control left out), those reported that keep
     * a sighting of their own, and the observations of pairs without an open interval; with each
     * interval's asset's latest scan, which is its last sighting unless it has its own.
     */
    private static final String OPEN_CHANGES = "select cs.asset_id, cs.control_id, cs.valid_from, cs.status,"
            + " cs.last_seen, seen.last_seen, cs.opened_by_scan, o.a, o.c"
            + " from (select asset_id, control_id, valid_from, status, last_seen, opened_by_scan from control_state"
            + " where tenant_id = ? and asset_id = any(?) and benchmark_id = ? and valid_to is null) cs"
            + " full join (select ids.v[u.ai] as a, u.c, u.s from (select ?::uuid[] as v) ids,"
            + " unnest(?::int[], ?::text[], ?::text[]) as u(ai, c, s)) o"
            + " on o.a = cs.asset_id and o.c = cs.control_id"
            // The sightings of these assets only, by their key (not a scan of the tenant's).
            + " left join asset_seen seen on seen.tenant_id = ? and seen.asset_id = cs.asset_id and seen.benchmark_id = ?"
            + " and seen.asset_id = any(?)"
            + " where o.a is null or cs.asset_id is null or o.s <> cs.status or cs.last_seen is not null";

    /**
     * The assets whose stored digest of open intervals ({@link OpenDigest}) equals the one given: a
     * scan reporting them changes nothing of their intervals.
     */
    Set<UUID> unchanged(Map<UUID, String> digests) throws SQLException {
        Set<UUID> unchanged = new HashSet<>();
        if (digests.isEmpty()) {
            return unchanged;
        }
        try (PreparedStatement sql = db.prepareStatement("select s.asset_id from asset_seen s"
                + " join unnest(?::uuid[], ?::text[]) as u(a, d) on s.asset_id = u.a"
                + " where s.tenant_id = ? and s.benchmark_id = ? and s.asset_id = any(?)"
                + " and s.open_digest = decode(u.d, 'hex')")) {
            Array assets = uuids(digests.keySet());
            sql.setArray(1, assets);
            sql.setArray(2, texts(digests.values()));
            sql.setObject(3, tenant);
            sql.setString(4, benchmark);
            sql.setArray(5, assets);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    unchanged.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return unchanged;
    }

    /** Forgets the digests of these assets' open intervals: they changed other than by a scan in time order. */
    private void forgetDigests(Collection<UUID> assets) throws SQLException {
        if (assets.isEmpty()) {
            return;
        }
        try (PreparedStatement sql = db.prepareStatement("update asset_seen set open_digest = null"
                + " where tenant_id = ? and benchmark_id = ? and asset_id = any(?) and open_digest is not null")) {
            sql.setObject(1, tenant);
            sql.setString(2, benchmark);
            sql.setArray(3, uuids(assets));
            sql.executeUpdate();
        }
    }

    /** Every interval of every pair of these assets. */
    Map<Pair, List<Interval>> history(Collection<UUID> assets) throws SQLException {
        Map<Pair, List<Interval>> history = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement(READ)) {
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

    /**
     * Writes a plan: the assets' latest scan first, then whole histories replaced, closings, new
     * intervals, and the pairs whose last sighting moves to or from their asset's.
     *
     * @param scan the scan whose plan this is
     * @param seen the assets this scan reported at least one result for
     * @param digests the digests of open intervals ({@link OpenDigest}) that hold once the plan is
     *     written, of assets of {@code seen}; the others' become null (unknown) where this scan is
     *     their latest or the plan writes their intervals
     * @param created the assets this scan created: their sighting is this scan's
     */
    void apply(Plan plan, Instant at, UUID scan, Collection<UUID> seen, Map<UUID, String> digests, Set<UUID> created)
            throws SQLException {
        if (!seen.isEmpty()) {
            // Sorted, so that two scans naming the same assets take their rows in the same order.
            List<UUID> sorted = seen.stream().sorted().toList();
            try (PreparedStatement sql = db.prepareStatement("insert into asset_seen as s"
                    + " (tenant_id, asset_id, benchmark_id, last_seen, open_digest)"
                    + " select ?, a, ?, ?, decode(d, 'hex') from unnest(?::uuid[], ?::text[]) as u(a, d)"
                    + " on conflict (tenant_id, asset_id, benchmark_id) do update set last_seen = excluded.last_seen,"
                    + " open_digest = excluded.open_digest where s.last_seen < excluded.last_seen")) {
                sql.setObject(1, tenant);
                sql.setString(2, benchmark);
                sql.setTimestamp(3, Timestamp.from(at));
                sql.setArray(4, uuids(sorted));
                sql.setArray(5, texts(sorted.stream().map(digests::get).toList()));
                sql.executeUpdate();
            }
        }
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
            // A closed interval keeps its last sighting itself: its asset's moves on without it.
            List<Interval> closed = plan.closings().stream().map(Closing::after).toList();
            try (PreparedStatement sql = db.prepareStatement("update control_state cs"
                    + " set valid_to = u.vt, closed_by_scan = u.cb, close_reason = u.cr, last_seen = u.ls"
                    + " from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::uuid[], ?::text[],"
                    + " ?::timestamptz[]) as u(a, c, vf, vt, cb, cr, ls)"
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
                sql.setArray(7, times(closed.stream().map(Interval::lastSeen).toList()));
                sql.setObject(8, tenant);
                sql.setString(9, benchmark);
                sql.executeUpdate();
            }
        }
        List<Interval> inserted = new ArrayList<>();
        List<Interval> opened = new ArrayList<>();
        for (Interval interval : plan.inserted()) {
            boolean openedNow = interval.to() == null
                    && at.equals(interval.from())
                    && at.equals(interval.lastSeen())
                    && scan.equals(interval.openedBy());
            (openedNow && created.contains(interval.pair().asset()) ? opened : inserted).add(interval);
        }
        insertOpened(opened, at, scan);
        if (!inserted.isEmpty()) {
            // An open interval last seen when its asset was follows its asset's sighting from now on.
            UuidColumn assetIds = new UuidColumn(inserted.size());
            UuidColumn openedBy = new UuidColumn(inserted.size());
            UuidColumn closedBy = new UuidColumn(inserted.size());
            for (Interval interval : inserted) {
                assetIds.add(interval.pair().asset());
                openedBy.add(interval.openedBy());
                closedBy.add(interval.closedBy());
            }
            try (PreparedStatement sql = db.prepareStatement(
                    "insert into control_state (tenant_id, team_id,"
                            + " benchmark_id, benchmark_version, " + COLUMNS + ")"
                            + " select ?, ?, ?, ?, u.a, c, vf, vt, s, e,"
                            + " case when vt is null and ls = seen.last_seen then null else ls end, ob, cb, cr"
                            + " from (select ids.a[ai] as a, c, vf, vt, s, e, ls, ids.ob[obi] as ob, ids.cb[cbi] as cb, cr"
                            + " from (select ?::uuid[] as a, ?::uuid[] as ob, ?::uuid[] as cb) ids,"
                            + " unnest(?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[],"
                            + " ?::timestamptz[], ?::int[], ?::int[], ?::text[]) as x(ai, c, vf, vt, s, e, ls, obi, cbi, cr)) u"
                            + " left join asset_seen seen on seen.tenant_id = ? and seen.asset_id = u.a and seen.benchmark_id = ?")) {
                bindOwner(sql);
                sql.setArray(5, assetIds.values(db));
                sql.setArray(6, openedBy.values(db));
                sql.setArray(7, closedBy.values(db));
                sql.setArray(8, assetIds.indexes(db));
                sql.setArray(
                        9, texts(inserted.stream().map(i -> i.pair().control()).toList()));
                sql.setArray(10, times(inserted.stream().map(Interval::from).toList()));
                sql.setArray(11, times(inserted.stream().map(Interval::to).toList()));
                sql.setArray(
                        12, texts(inserted.stream().map(i -> i.status().name()).toList()));
                sql.setArray(13, texts(inserted.stream().map(Interval::evidence).toList()));
                sql.setArray(14, times(inserted.stream().map(Interval::lastSeen).toList()));
                sql.setArray(15, openedBy.indexes(db));
                sql.setArray(16, closedBy.indexes(db));
                sql.setArray(
                        17,
                        texts(inserted.stream()
                                .map(i -> i.closeReason() == null
                                        ? null
                                        : i.closeReason().name())
                                .toList()));
                sql.setObject(18, tenant);
                sql.setString(19, benchmark);
                sql.executeUpdate();
            }
        }
        // Reported again: a pair that had its own last sighting follows its asset's again.
        List<Interval> following = plan.touched().stream()
                .filter(i -> ownSighting.contains(i.pair()))
                .toList();
        setLastSeen(following, false);
        // Left out by a scan of its asset: the pair keeps the sighting it had, its asset's moves on.
        Set<UUID> seenAssets = new HashSet<>(seen);
        List<Interval> leftOut = plan.unobserved().stream()
                .filter(i -> seenAssets.contains(i.pair().asset()) && !ownSighting.contains(i.pair()))
                .toList();
        setLastSeen(leftOut, true);
        // Every other asset whose intervals the plan wrote has no digest that still holds: a container
        // gone, or a late scan's rebuild (which leaves the newest state as it was, but the digest is
        // dropped rather than trusted; the next scan in time order writes it again).
        Set<UUID> undigested = new HashSet<>();
        plan.closings().forEach(c -> undigested.add(c.after().pair().asset()));
        plan.deleted().forEach(i -> undigested.add(i.pair().asset()));
        plan.inserted().forEach(i -> undigested.add(i.pair().asset()));
        plan.touched().forEach(i -> undigested.add(i.pair().asset()));
        plan.unobserved().forEach(i -> undigested.add(i.pair().asset()));
        undigested.removeAll(digests.keySet());
        forgetDigests(undigested);
    }

    /**
     * Writes the intervals of assets this scan created: each opens at this scan, is open, and follows
     * its asset's sighting, which is this scan's. Only what differs between rows is sent (asset,
     * control, status, evidence); a first scan's some 1,600 rows cost no time stamp to read each.
     */
    private void insertOpened(List<Interval> intervals, Instant at, UUID scan) throws SQLException {
        if (intervals.isEmpty()) {
            return;
        }
        UuidColumn assetIds = new UuidColumn(intervals.size());
        Object[] controls = new Object[intervals.size()];
        Object[] statuses = new Object[intervals.size()];
        Object[] evidence = new Object[intervals.size()];
        for (int i = 0; i < intervals.size(); i++) {
            Interval interval = intervals.get(i);
            assetIds.add(interval.pair().asset());
            controls[i] = interval.pair().control();
            statuses[i] = interval.status().name();
            evidence[i] = interval.evidence();
        }
        try (PreparedStatement sql = db.prepareStatement(
                "insert into control_state (tenant_id, team_id, benchmark_id,"
                        + " benchmark_version, asset_id, control_id, valid_from, status, evidence, opened_by_scan)"
                        + " select ?, ?, ?, ?, ids.a[ai], c, ?, s, e, ?"
                        + " from (select ?::uuid[] as a) ids, unnest(?::int[], ?::text[], ?::text[], ?::text[]) as u(ai, c, s, e)")) {
            bindOwner(sql);
            sql.setTimestamp(5, Timestamp.from(at));
            sql.setObject(6, scan);
            sql.setArray(7, assetIds.values(db));
            sql.setArray(8, assetIds.indexes(db));
            sql.setArray(9, db.createArrayOf("text", controls));
            sql.setArray(10, db.createArrayOf("text", statuses));
            sql.setArray(11, db.createArrayOf("text", evidence));
            sql.executeUpdate();
        }
    }

    /** Binds the columns every interval this store writes shares: tenant, team, benchmark, version (1–4). */
    private void bindOwner(PreparedStatement sql) throws SQLException {
        sql.setObject(1, tenant);
        sql.setObject(2, team);
        sql.setString(3, benchmark);
        sql.setString(4, version);
    }

    /** Sets the open intervals' own last sighting to what was read ({@code own}) or hands it to their asset's. */
    private void setLastSeen(List<Interval> intervals, boolean own) throws SQLException {
        if (intervals.isEmpty()) {
            return;
        }
        try (PreparedStatement sql = db.prepareStatement("update control_state cs set last_seen = "
                + (own ? "u.ls" : "null")
                + " from unnest(?::uuid[], ?::text[], ?::timestamptz[]) as u(a, c, ls)"
                + " where cs.tenant_id = ? and cs.benchmark_id = ? and cs.asset_id = u.a and cs.control_id = u.c"
                + " and cs.valid_to is null")) {
            sql.setArray(1, uuids(intervals.stream().map(i -> i.pair().asset()).toList()));
            sql.setArray(
                    2, texts(intervals.stream().map(i -> i.pair().control()).toList()));
            sql.setArray(3, times(intervals.stream().map(Interval::lastSeen).toList()));
            sql.setObject(4, tenant);
            sql.setString(5, benchmark);
            sql.executeUpdate();
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

    /**
     * A column of uuids sent as its distinct values and, per row, the (1-based) position of its
     * value among them: PostgreSQL reads a uuid array element by element at a few microseconds each,
     * and a scan's columns repeat a few dozen assets (or one scan) over some 1,600 rows. A null
     * stays null.
     */
    static final class UuidColumn {
        private final Map<UUID, Integer> positions = new HashMap<>();
        private final List<UUID> values = new ArrayList<>();
        private final List<Integer> indexes;

        UuidColumn(int rows) {
            indexes = new ArrayList<>(rows);
        }

        void add(UUID value) {
            indexes.add(
                    value == null
                            ? null
                            : positions.computeIfAbsent(value, v -> {
                                values.add(v);
                                return values.size();
                            }));
        }

        Array values(Connection db) throws SQLException {
            return db.createArrayOf("uuid", values.toArray());
        }

        Array indexes(Connection db) throws SQLException {
            return db.createArrayOf("int4", indexes.toArray());
        }
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
