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
import java.util.List;
import java.util.Map;
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
        List<Interval> changed = new java.util.ArrayList<>();
        List<Integer> signs = new java.util.ArrayList<>();
        for (Closing closing : plan.closings()) {
            changed.add(closing.before());
            signs.add(-1);
            changed.add(closing.after());
            signs.add(+1);
        }
        for (Interval deleted : plan.deleted()) {
            changed.add(deleted);
            signs.add(-1);
        }
        for (Interval inserted : plan.inserted()) {
            changed.add(inserted);
            signs.add(+1);
        }
        LocalDate first = null;
        for (Interval interval : changed) {
            LocalDate from = firstDay(interval);
            if (!from.isAfter(lastDay(interval, today)) && (first == null || from.isBefore(first))) {
                first = from;
            }
        }
        if (first == null) {
            return;
        }
        // Days with no rollup yet are computed whole; the others get the differences.
        java.util.NavigableSet<LocalDate> present = presentDays(db, tenant, team, first, today);
        if (present.size() < first.until(today).getDays() + 1 || !present.contains(first)) {
            computeMissingDays(db, tenant, team, first, today, present);
        }
        Map<Key, int[]> deltas = new TreeMap<>();
        for (int i = 0; i < changed.size(); i++) {
            Interval interval = changed.get(i);
            LocalDate from = firstDay(interval);
            LocalDate to = lastDay(interval, today);
            if (from.isAfter(to)) {
                continue;
            }
            int column = interval.status() == dev.plimsoll.wire.ResultStatus.pass
                    ? 0
                    : interval.status().countsAsFailed() ? 1 : 2;
            for (LocalDate day : present.subSet(from, true, to, true)) {
                deltas.computeIfAbsent(new Key(day, interval.pair().control()), k -> new int[3])[column] +=
                        signs.get(i);
            }
        }
        deltas.values().removeIf(counts -> counts[0] == 0 && counts[1] == 0 && counts[2] == 0);
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

    /**
     * Computes whole the days from {@code from} to {@code to} the team has no rollup for yet, one
     * statement per run of consecutive days (an import of an old report does not cost a statement
     * per day since). Leaves in {@code present} only the days that had a rollup before.
     */
    private static void computeMissingDays(
            Connection db,
            UUID tenant,
            UUID team,
            LocalDate from,
            LocalDate to,
            java.util.NavigableSet<LocalDate> present)
            throws SQLException {
        try (PreparedStatement lock = db.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, lockKey(tenant, team));
            lock.execute();
        }
        present.clear();
        present.addAll(presentDays(db, tenant, team, from, to));
        LocalDate runStart = null;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            boolean missing = !present.contains(day);
            if (missing && runStart == null) {
                runStart = day;
            } else if (!missing && runStart != null) {
                refresh(db, team, runStart, day.minusDays(1));
                runStart = null;
            }
        }
        if (runStart != null) {
            refresh(db, team, runStart, to);
        }
    }

    /** The lock a scan or the carry-forward job holds while it computes a team's days whole. */
    static String lockKey(UUID tenant, UUID team) {
        return "rollup:" + tenant + ":" + team;
    }

    private static void refresh(Connection db, UUID team, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement refresh = db.prepareStatement("select plimsoll_refresh_rollups(?, ?, ?)")) {
            refresh.setObject(1, team);
            refresh.setDate(2, Date.valueOf(from));
            refresh.setDate(3, Date.valueOf(to));
            refresh.execute();
        }
    }

    private static java.util.NavigableSet<LocalDate> presentDays(
            Connection db, UUID tenant, UUID team, LocalDate from, LocalDate to) throws SQLException {
        java.util.NavigableSet<LocalDate> present = new java.util.TreeSet<>();
        try (PreparedStatement sql = db.prepareStatement("select distinct day from posture_rollup_daily"
                + " where tenant_id = ? and team_id = ? and day between ? and ?")) {
            sql.setObject(1, tenant);
            sql.setObject(2, team);
            sql.setDate(3, Date.valueOf(from));
            sql.setDate(4, Date.valueOf(to));
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getDate(1).toLocalDate());
                }
            }
        }
        return present;
    }

    /** An interval {@code [from, to)} counts on the days {@code date(from)} to {@code date(to) - 1}. */
    private static LocalDate firstDay(Interval interval) {
        return interval.from().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static LocalDate lastDay(Interval interval, LocalDate today) {
        LocalDate last = interval.to() == null
                ? today
                : interval.to().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        return last.isAfter(today) ? today : last;
    }
}
