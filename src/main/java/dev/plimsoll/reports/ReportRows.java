package dev.plimsoll.reports;

import dev.plimsoll.remediation.ExceptionService;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The read queries of reports, on the connection of the caller's transaction (so row-level
 * security applies). They count exactly as the posture service does: the status of each (asset,
 * control) is the interval covering the as-of instant, for the assets whose host reported within
 * the tenant's staleness window before it. Large results are streamed with a cursor (fetch size
 * inside a transaction), never collected.
 */
final class ReportRows {

    /**
     * The assets of the scope at T ({@code assets_at}) and those that count ({@code live}).
     * Parameters 1–7: T, team ids, T, T, host ids, host ids, T — see {@link #bindAssets}.
     */
    private static final String LIVE = """
            with at_t as (select ?::timestamptz as t
            ), scope as materialized (
              select a.tenant_id, a.id, a.kind, a.name, a.team_id, a.host_id, a.image_ref, tn.staleness_days,
                     coalesce(a.host_id, a.id) as scanned_by
                from asset a join tenant tn on tn.id = a.tenant_id
               where a.team_id = any(?) and a.first_seen <= ? and (a.gone_at is null or a.gone_at > ?)
                 and (cardinality(?::uuid[]) = 0 or coalesce(a.host_id, a.id) = any(?))
            ), last_scans as materialized (
              -- once per scanning host, not once per asset or per joined row
              select h.scanned_by,
                     (select max(s.finished_at) from scan s
                       where s.tenant_id = h.tenant_id and s.host_asset_id = h.scanned_by
                         and s.finished_at <= (select t from at_t)) as last_scan
                from (select distinct tenant_id, scanned_by from scope) h
            ), assets_at as materialized (
              select scope.*, ls.last_scan from scope join last_scans ls on ls.scanned_by = scope.scanned_by
            ), live as (
              select * from assets_at where last_scan >= ?::timestamptz - make_interval(days => staleness_days)
            )
            """;

    /**
     * The approved exception covering a failing result at T (the remediation workflow's matching
     * rule, {@link ExceptionService#COVERS}): approved by T and expiring after T. Parameters: T, T.
     */
    private static final String EXCEPTION = """
             left join lateral (
               select e.id from risk_exception e, remediation_item i, asset a
                where i.tenant_id = cs.tenant_id and i.asset_id = cs.asset_id
                  and i.benchmark_id = cs.benchmark_id and i.control_id = cs.control_id
                  and cs.status in ('fail', 'warn')
                  and e.state in ('approved', 'expired') and e.decided_at <= ? and e.expires_at > ?
                  and %s
                order by e.decided_at, e.id limit 1) ex on true
            """.formatted(ExceptionService.COVERS);

    /** The intervals covering T of a live asset, optionally of one benchmark. Parameters: T, T, id, id, version, version. */
    /** In place of {@link #EXCEPTION} when no exception covered anything at T: no lookup per result. */
    private static final String NO_EXCEPTION = " left join lateral (select null::uuid as id) ex on true ";

    /** Whether any exception of the tenant was in force at T (approved by then, expiring after). */
    private boolean exceptionsInForce() throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select exists (select 1 from risk_exception e"
                + " where e.state in ('approved', 'expired') and e.decided_at <= ? and e.expires_at > ?)")) {
            Timestamp t = Timestamp.from(scope.asOf());
            query.setTimestamp(1, t);
            query.setTimestamp(2, t);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static final String COVERING = """
             cs.tenant_id = live.tenant_id and cs.asset_id = live.id
             and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
             and (?::text is null or (cs.benchmark_id = ?::text and cs.benchmark_version = ?::text))
            """;

    private final Connection db;
    private final ReportScope scope;
    private final int fetchSize;

    ReportRows(Connection db, ReportScope scope, int fetchSize) {
        this.db = db;
        this.scope = scope;
        this.fetchSize = fetchSize;
    }

    /** One (asset, control) result at T. */
    record Result(
            String team,
            String host,
            String kind,
            String asset,
            UUID assetId,
            String image,
            String benchmark,
            String benchmarkVersion,
            String control,
            String title,
            String severity,
            String status,
            Instant since,
            String evidence,
            String remediation,
            String exception) {

        boolean failing() {
            return status.equals("fail") || status.equals("warn");
        }
    }

    /** Receives results one at a time. */
    @FunctionalInterface
    interface ResultSink {
        void accept(Result result) throws java.io.IOException;
    }

    /** A host (or an asset without a host) with the counts of itself and its containers. */
    record HostLine(
            String team, String host, long containers, long passed, long failed, BigDecimal score, Instant lastScan) {}

    /** A control failing somewhere in scope, with the number of assets and the first of them. */
    record FailingControl(
            String benchmark,
            String control,
            String title,
            String severity,
            String remediation,
            long assets,
            List<String> examples) {}

    /** One section's counts. */
    record Section(String section, String title, long passed, long failed) {}

    /** How many results {@link #results} will stream (for progress). */
    long countResults() throws SQLException {
        try (PreparedStatement query =
                db.prepareStatement(LIVE + "select count(*) from live join control_state cs on " + COVERING)) {
            int next = bindAssets(query);
            bindCovering(query, next);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** How many failing results in scope an approved exception covers at T. */
    long excepted() throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                LIVE + "select count(ex.id) from live join control_state cs on " + COVERING + EXCEPTION)) {
            int next = bindAssets(query);
            bindCovering(query, next);
            Timestamp t = Timestamp.from(scope.asOf());
            query.setTimestamp(next + 5, t);
            query.setTimestamp(next + 6, t);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Every result in scope, ordered by team, host, asset and control; only failing ones when asked. */
    void results(boolean failingOnly, int limit, ResultSink sink) throws SQLException, java.io.IOException {
        String sql = LIVE + """
                select t.slug, coalesce(h.name, live.name), live.kind, live.name, live.id, live.image_ref,
                       cs.benchmark_id, cs.benchmark_version, cs.control_id, coalesce(c.title, cs.control_id),
                       coalesce(c.severity, ''), cs.status, cs.valid_from, cs.evidence, coalesce(c.remediation, ''),
                       ex.id::text
                  from live
                  join control_state cs on """ + COVERING + """
                  join team t on t.tenant_id = live.tenant_id and t.id = live.team_id
                  left join asset h on h.tenant_id = live.tenant_id and h.id = live.host_id
                  left join control c on c.benchmark_id = cs.benchmark_id and c.benchmark_version = cs.benchmark_version
                                     and c.control_id = cs.control_id
                """ + (exceptionsInForce() ? EXCEPTION : NO_EXCEPTION)
                + (failingOnly ? " where cs.status in ('fail', 'warn')" : "") + """
                 order by t.slug, coalesce(h.name, live.name), live.kind <> 'host', live.name, live.id
                """
                // With a limit the database orders the controls too; otherwise each asset's few results
                // are ordered here, which spares the database a sort key per result.
                + (limit > 0 ? ", cs.benchmark_id, string_to_array(cs.control_id, '.') limit " + limit : "");
        ResultSink target = sink;
        List<Result> asset = new ArrayList<>();
        if (limit <= 0) {
            sink = result -> {
                if (!asset.isEmpty() && !asset.get(0).assetId().equals(result.assetId())) {
                    flush(asset, target);
                }
                asset.add(result);
            };
        }
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setFetchSize(fetchSize);
            int next = bindAssets(query);
            bindCovering(query, next);
            Timestamp t = Timestamp.from(scope.asOf());
            if (sql.contains(EXCEPTION)) {
                query.setTimestamp(next + 5, t);
                query.setTimestamp(next + 6, t);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp since = rows.getTimestamp(13);
                    sink.accept(new Result(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getObject(5, UUID.class),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getString(8),
                            rows.getString(9),
                            rows.getString(10),
                            rows.getString(11),
                            rows.getString(12),
                            since == null ? null : since.toInstant(),
                            rows.getString(14),
                            rows.getString(15),
                            rows.getString(16)));
                }
            }
        }
        flush(asset, target);
    }

    /** One asset's results in benchmark and control order (as {@code string_to_array(control_id, '.')}). */
    private static void flush(List<Result> asset, ResultSink sink) throws java.io.IOException {
        asset.sort(
                java.util.Comparator.comparing(Result::benchmark).thenComparing(Result::control, ReportRows::byParts));
        for (Result result : asset) {
            sink.accept(result);
        }
        asset.clear();
    }

    static int byParts(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Hosts with the counts of themselves and their containers, by team and name. */
    List<HostLine> hosts() throws SQLException {
        List<HostLine> hosts = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(LIVE + """
                , per_asset as (
                  select cs.asset_id,
                         count(*) filter (where cs.status = 'pass') as passed,
                         count(*) filter (where cs.status in ('fail', 'warn')) as failed
                    from live join control_state cs on """ + COVERING + """
                   group by cs.asset_id
                ), counts as (
                  select live.team_id, coalesce(live.host_id, live.id) as host_id,
                         count(*) filter (where live.kind = 'container') as containers,
                         coalesce(sum(pa.passed), 0) as passed,
                         coalesce(sum(pa.failed), 0) as failed,
                         max(live.last_scan) as last_scan
                    from live left join per_asset pa on pa.asset_id = live.id
                   group by live.team_id, coalesce(live.host_id, live.id)
                )
                select t.slug, a.name, counts.containers, counts.passed, counts.failed, counts.last_scan
                  from counts
                  join team t on t.id = counts.team_id
                  join asset a on a.id = counts.host_id
                 order by t.slug, a.name
                """)) {
            query.setFetchSize(fetchSize);
            int next = bindAssets(query);
            bindCovering(query, next);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long passed = rows.getLong(4);
                    long failed = rows.getLong(5);
                    Timestamp last = rows.getTimestamp(6);
                    hosts.add(new HostLine(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getLong(3),
                            passed,
                            failed,
                            ReportSummary.percent(passed, failed),
                            last == null ? null : last.toInstant()));
                }
            }
        }
        return hosts;
    }

    /** Controls failing in scope, most widespread first, with up to five affected assets each. */
    List<FailingControl> failingControls() throws SQLException {
        List<FailingControl> failing = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(LIVE + """
                select cs.benchmark_id, cs.control_id, coalesce(c.title, cs.control_id), coalesce(c.severity, ''),
                       coalesce(c.remediation, ''), count(*),
                       (array_agg(live.name order by live.name))[1:5]
                  from live join control_state cs on """ + COVERING + """
                  left join control c on c.benchmark_id = cs.benchmark_id and c.benchmark_version = cs.benchmark_version
                                     and c.control_id = cs.control_id
                 where cs.status in ('fail', 'warn')
                 group by cs.benchmark_id, cs.control_id, c.title, c.severity, c.remediation
                 order by count(*) desc, cs.benchmark_id, string_to_array(cs.control_id, '.')
                """)) {
            int next = bindAssets(query);
            bindCovering(query, next);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    failing.add(new FailingControl(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getLong(6),
                            Arrays.asList((String[]) rows.getArray(7).getArray())));
                }
            }
        }
        return failing;
    }

    /** Counts per CIS section (the summary of a scope the posture service does not cover). */
    List<Section> sections() throws SQLException {
        List<Section> sections = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(LIVE + """
                select split_part(cs.control_id, '.', 1) as section, coalesce(max(bs.title), ''),
                       count(*) filter (where cs.status = 'pass'),
                       count(*) filter (where cs.status in ('fail', 'warn'))
                  from live join control_state cs on """ + COVERING + """
                  left join benchmark_section bs
                         on bs.benchmark_id = cs.benchmark_id and bs.benchmark_version = cs.benchmark_version
                        and bs.section = split_part(cs.control_id, '.', 1)
                 group by cs.benchmark_id, split_part(cs.control_id, '.', 1)
                 order by cs.benchmark_id, section
                """)) {
            int next = bindAssets(query);
            bindCovering(query, next);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sections.add(new Section(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        return sections;
    }

    /** An exception of a team in scope, with its state at T (refused ones are left out). */
    record ExceptionLine(
            String team,
            String control,
            String scope,
            String justification,
            String requestedBy,
            String decidedBy,
            Instant decidedAt,
            Instant expiresAt,
            String state) {}

    /** An open remediation item past its due date. */
    record OverdueItem(String team, String control, String asset, Instant due, String assignee) {}

    /** How many remediation items a team has in one state. */
    record StateCount(String team, String state, long items) {}

    /** The exceptions requested by T in the teams in scope, with their state at T. */
    List<ExceptionLine> exceptions() throws SQLException {
        List<ExceptionLine> lines = new ArrayList<>();
        Timestamp t = Timestamp.from(scope.asOf());
        try (PreparedStatement query = db.prepareStatement("""
                select t.slug, e.benchmark_id || ' ' || e.control_id,
                       e.scope_kind || coalesce(' ' || e.pattern, ''), e.justification, e.requested_by,
                       case when e.decided_at <= ? then e.decided_by end,
                       case when e.decided_at <= ? then e.decided_at end, e.expires_at,
                       case when e.state in ('approved', 'expired') and e.decided_at <= ?
                              then case when e.expires_at > ? then 'approved' else 'expired' end
                            when e.expires_at <= ? then 'expired' else 'requested' end
                  from risk_exception e join team t on t.id = e.team_id
                 where e.team_id = any(?) and e.requested_at <= ?
                   and not (e.state = 'refused' and e.decided_at <= ?)
                 order by t.slug, e.benchmark_id, string_to_array(e.control_id, '.'), e.requested_at
                """)) {
            for (int i = 1; i <= 5; i++) {
                query.setTimestamp(i, t);
            }
            query.setArray(6, db.createArrayOf("uuid", scope.teamIds().toArray()));
            query.setTimestamp(7, t);
            query.setTimestamp(8, t);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp decided = rows.getTimestamp(7);
                    lines.add(new ExceptionLine(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            decided == null ? null : decided.toInstant(),
                            rows.getTimestamp(8).toInstant(),
                            rows.getString(9)));
                }
            }
        }
        return lines;
    }

    /** The remediation items of the scope per team and (current) state. */
    List<StateCount> remediationStates() throws SQLException {
        List<StateCount> counts = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                select t.slug, case when i.excepted_by is not null and i.state <> 'resolved' then 'excepted'
                                    else i.state end as state, count(*)
                  from remediation_item i join team t on t.id = i.team_id join asset a on a.id = i.asset_id
                 where i.team_id = any(?) and i.opened_at <= ?
                   and (cardinality(?::uuid[]) = 0 or coalesce(a.host_id, a.id) = any(?))
                 group by t.slug, 2 order by t.slug, 2
                """)) {
            bindItems(query);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.add(new StateCount(rows.getString(1), rows.getString(2), rows.getLong(3)));
                }
            }
        }
        return counts;
    }

    /** The open, unexcepted items due by T, earliest first, at most limit of them; total in the last slot. */
    List<OverdueItem> overdue(int limit, long[] total) throws SQLException {
        List<OverdueItem> items = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                select t.slug, i.benchmark_id || ' ' || i.control_id, a.name, i.due_at, coalesce(i.assignee, ''),
                       count(*) over ()
                  from remediation_item i join team t on t.id = i.team_id join asset a on a.id = i.asset_id
                 where i.team_id = any(?) and i.opened_at <= ?
                   and (cardinality(?::uuid[]) = 0 or coalesce(a.host_id, a.id) = any(?))
                   and i.state <> 'resolved' and i.excepted_by is null and i.due_at <= ?
                 order by i.due_at, t.slug, a.name limit ?
                """)) {
            bindItems(query);
            query.setTimestamp(5, Timestamp.from(scope.asOf()));
            query.setInt(6, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    items.add(new OverdueItem(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getTimestamp(4).toInstant(),
                            rows.getString(5)));
                    total[0] = rows.getLong(6);
                }
            }
        }
        return items;
    }

    private void bindItems(PreparedStatement query) throws SQLException {
        Array hosts = db.createArrayOf("uuid", scope.hostIds().toArray());
        query.setArray(1, db.createArrayOf("uuid", scope.teamIds().toArray()));
        query.setTimestamp(2, Timestamp.from(scope.asOf()));
        query.setArray(3, hosts);
        query.setArray(4, hosts);
    }

    /** The number of assets in scope at T that count, and of those left out as stale. */
    long[] assetCounts() throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                LIVE
                        + "select (select count(*) from live), (select count(*) from assets_at) - (select count(*) from live)")) {
            bindAssets(query);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    private int bindAssets(PreparedStatement query) throws SQLException {
        Timestamp t = Timestamp.from(scope.asOf());
        Array teams = db.createArrayOf("uuid", scope.teamIds().toArray());
        Array hosts = db.createArrayOf("uuid", scope.hostIds().toArray());
        query.setTimestamp(1, t);
        query.setArray(2, teams);
        query.setTimestamp(3, t);
        query.setTimestamp(4, t);
        query.setArray(5, hosts);
        query.setArray(6, hosts);
        query.setTimestamp(7, t);
        return 8;
    }

    private void bindCovering(PreparedStatement query, int first) throws SQLException {
        Timestamp t = Timestamp.from(scope.asOf());
        query.setTimestamp(first, t);
        query.setTimestamp(first + 1, t);
        query.setString(first + 2, scope.benchmarkId());
        query.setString(first + 3, scope.benchmarkId());
        query.setString(first + 4, scope.benchmarkVersion());
    }
}
