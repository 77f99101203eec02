package dev.plimsoll.ingest;

import dev.plimsoll.ingest.IntervalPlanner.Closing;
import dev.plimsoll.ingest.IntervalPlanner.Plan;
import dev.plimsoll.ingest.Intervals.Interval;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps the daily per-team rollups in step with the intervals, in the scan's own transaction.
 *
 * <p>A day's rollup counts, per control, the intervals that cover the end of that UTC day: an
 * interval {@code [from, to)} counts on the days {@code date(from)} to {@code date(to) - 1} (to
 * today while it is open). A plan's changes are turned into per-day differences and added to the
 * stored counts. A day the team has no rollup for yet (the first scan of a day) is computed whole
 * from the intervals instead, under a lock so that two scans do not both compute it.
 */
final class RollupWriter {

    private RollupWriter() {}

    /** A difference in the counts of one control on one day. */
    private record Key(LocalDate day, String control) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byDay = day.compareTo(other.day);
            return byDay != 0 ? byDay : control.compareTo(other.control);
        }
    }

    static void apply(Connection db, UUID tenant, UUID team, String benchmark, Plan plan) throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<Key, int[]> deltas = new TreeMap<>();
        for (Closing closing : plan.closings()) {
            add(deltas, closing.before(), -1, today);
            add(deltas, closing.after(), +1, today);
        }
        for (Interval deleted : plan.deleted()) {
            add(deltas, deleted, -1, today);
        }
        for (Interval inserted : plan.inserted()) {
            add(deltas, inserted, +1, today);
        }
        deltas.values().removeIf(counts -> counts[0] == 0 && counts[1] == 0 && counts[2] == 0);
        if (deltas.isEmpty()) {
            return;
        }
        Set<LocalDate> days = new HashSet<>();
        deltas.keySet().forEach(key -> days.add(key.day()));
        Set<LocalDate> computed = computeMissingDays(db, tenant, team, days);
        deltas.keySet().removeIf(key -> computed.contains(key.day()));
        if (deltas.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, int[]>> rows = List.copyOf(deltas.entrySet());
        try (PreparedStatement sql = db.prepareStatement("insert into posture_rollup_daily"
                + " (tenant_id, team_id, day, benchmark_id, control_id, passed, failed, other)"
                + " select ?, ?, d, ?, c, p, f, o from unnest(?::date[], ?::text[], ?::int[], ?::int[], ?::int[])"
                + " as u(d, c, p, f, o) order by d, c"
                + " on conflict (tenant_id, team_id, day, benchmark_id, control_id) do update set"
                + " passed = posture_rollup_daily.passed + excluded.passed,"
                + " failed = posture_rollup_daily.failed + excluded.failed,"
                + " other = posture_rollup_daily.other + excluded.other")) {
            sql.setObject(1, tenant);
            sql.setObject(2, team);
            sql.setString(3, benchmark);
            sql.setArray(
                    4,
                    db.createArrayOf(
                            "date",
                            rows.stream()
                                    .map(e -> Date.valueOf(e.getKey().day()))
                                    .toArray()));
            sql.setArray(
                    5,
                    db.createArrayOf(
                            "text", rows.stream().map(e -> e.getKey().control()).toArray()));
            for (int column = 0; column < 3; column++) {
                int c = column;
                sql.setArray(
                        6 + column,
                        db.createArrayOf(
                                "int4", rows.stream().map(e -> e.getValue()[c]).toArray()));
            }
            sql.executeUpdate();
        }
    }

    /** Computes whole the days the team has no rollup for yet; answers which days it computed. */
    private static Set<LocalDate> computeMissingDays(Connection db, UUID tenant, UUID team, Set<LocalDate> days)
            throws SQLException {
        Set<LocalDate> missing = new HashSet<>(days);
        missing.removeAll(presentDays(db, tenant, team, days));
        Set<LocalDate> computed = new HashSet<>();
        for (LocalDate day : new java.util.TreeSet<>(missing)) {
            try (PreparedStatement lock = db.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "rollup:" + tenant + ":" + team + ":" + day);
                lock.execute();
            }
            if (!presentDays(db, tenant, team, Set.of(day)).isEmpty()) {
                continue;
            }
            try (PreparedStatement refresh = db.prepareStatement("select plimsoll_refresh_rollups(?, ?, ?)")) {
                refresh.setObject(1, team);
                refresh.setDate(2, Date.valueOf(day));
                refresh.setDate(3, Date.valueOf(day));
                refresh.execute();
            }
            computed.add(day);
        }
        return computed;
    }

    private static Set<LocalDate> presentDays(Connection db, UUID tenant, UUID team, Set<LocalDate> days)
            throws SQLException {
        Set<LocalDate> present = new HashSet<>();
        try (PreparedStatement sql = db.prepareStatement("select distinct day from posture_rollup_daily"
                + " where tenant_id = ? and team_id = ? and day = any(?)")) {
            sql.setObject(1, tenant);
            sql.setObject(2, team);
            sql.setArray(
                    3, db.createArrayOf("date", days.stream().map(Date::valueOf).toArray()));
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getDate(1).toLocalDate());
                }
            }
        }
        return present;
    }

    private static void add(Map<Key, int[]> deltas, Interval interval, int sign, LocalDate today) {
        LocalDate first = interval.from().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = interval.to() == null
                ? today
                : interval.to().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        if (last.isAfter(today)) {
            last = today;
        }
        int column = interval.status() == dev.plimsoll.wire.ResultStatus.pass
                ? 0
                : interval.status().countsAsFailed() ? 1 : 2;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            deltas.computeIfAbsent(new Key(day, interval.pair().control()), k -> new int[3])[column] += sign;
        }
    }
}
