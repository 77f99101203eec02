package dev.plimsoll.posture;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The overview of a tenant as of an instant: posture, trend, worst controls and hosts, the week's changes. */
@ApplicationScoped
public class OverviewService {

    static final int WORST = 10;

    @Inject
    PostureService posture;

    @Inject
    AgroalDataSource dataSource;

    /**
     * The overview as of T. The worst controls and hosts and the week's changes read across the
     * whole tenant, so they are left empty unless {@code tenantWide} (managers, auditors, admins).
     */
    @Transactional
    public Overview overview(Instant asOf, int trendDays, boolean tenantWide) {
        Instant at = asOf == null ? Instant.now() : asOf;
        LocalDate end = at.atZone(ZoneOffset.UTC).toLocalDate();
        Posture now = posture.asOf(null, asOf);
        Trend trend = posture.trend(null, end.minusDays(trendDays), end);
        List<TeamPosture> teams = posture.teams(asOf, trendDays).stream()
                .sorted(java.util.Comparator.comparing(
                        (TeamPosture t) -> t.score().percent() == null
                                ? java.math.BigDecimal.valueOf(101)
                                : t.score().percent()))
                .toList();
        if (!tenantWide) {
            return new Overview(now, trend, teams, List.of(), List.of(), null);
        }
        try (Connection db = dataSource.getConnection()) {
            PostureService.withoutJit(db);
            Array teamIds = db.createArrayOf("uuid", posture.visibleTeamIds().toArray());
            List<Overview.WorstControl> controls =
                    asOf == null ? worstControlsNow(db, teamIds, at) : worstControls(db, teamIds, at);
            List<Overview.WorstHost> hosts =
                    asOf == null ? worstHostsNow(db, teamIds, at) : worstHosts(db, teamIds, at);
            return new Overview(now, trend, teams, controls, hosts, week(db, at));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the overview", e);
        }
    }

    /** Controls by number of failing assets now ({@link PostureService#CONTROLS_NOW}). */
    private static List<Overview.WorstControl> worstControlsNow(Connection db, Array teamIds, Instant at)
            throws SQLException {
        try (PreparedStatement query =
                db.prepareStatement(PostureService.CONTROLS_NOW + worstControlsFrom("controls_now"))) {
            query.setInt(PostureService.bindControlsNow(query, teamIds, Timestamp.from(at)), WORST);
            return rows(query, OverviewService::worstControl);
        }
    }

    /** Hosts by number of failures now (their containers' too), from the running tally; stale ones left out. */
    private static List<Overview.WorstHost> worstHostsNow(Connection db, Array teamIds, Instant at)
            throws SQLException {
        try (PreparedStatement query = db.prepareStatement(PostureService.LIVE_HOSTS_NOW + """
                , per_host as materialized (
                  select pt.scanned_by, sum(pt.failed) as failing, sum(pt.passed + pt.failed) as assessed
                    from posture_tally pt
                    join live on live.id = pt.scanned_by
                   where pt.tenant_id = plimsoll_current_tenant() and pt.team_id = any(?)
                   group by pt.scanned_by
                  having sum(pt.failed) > 0
                ), cut as (
                  -- names are looked up only for the hosts that can make the list (ties included)
                  select coalesce(min(failing), 0) as failing
                    from (select failing from per_host order by failing desc limit ?) top
                )
                select h.id, h.name, t.slug, x.failing, x.assessed
                  from per_host x
                  join asset h on h.tenant_id = plimsoll_current_tenant() and h.id = x.scanned_by
                  join team t on t.tenant_id = h.tenant_id and t.id = h.team_id
                 where x.failing >= (select failing from cut)
                 order by x.failing desc, h.name
                 limit ?
                """)) {
            int next = PostureService.bindLiveHosts(query, teamIds, Timestamp.from(at));
            query.setArray(next, teamIds);
            query.setInt(next + 1, WORST);
            query.setInt(next + 2, WORST);
            return rows(query, OverviewService::worstHost);
        }
    }

    /** Controls by number of failing assets at T ({@link PostureService#PARTS_AT}), stale assets left out. */
    private static List<Overview.WorstControl> worstControls(Connection db, Array teamIds, Instant at)
            throws SQLException {
        try (PreparedStatement query = db.prepareStatement(PostureService.PARTS_AT + worstControlsFrom("""
                        (select p.benchmark_id, p.control_id, sum(p.failed) as failing, sum(p.passed + p.failed) as assessed
                           from parts p group by 1, 2)"""))) {
            query.setInt(PostureService.bindPartsAt(query, teamIds, Timestamp.from(at)), WORST);
            return rows(query, OverviewService::worstControl);
        }
    }

    /**
     * Hosts by number of failures at T, counting their containers' failures too; hosts that do not
     * count at T left out. The results at T per host are the open intervals (the running tally),
     * less the open ones that began after T, plus the closed ones that covered T: only the
     * intervals that changed since T are read.
     */
    private static List<Overview.WorstHost> worstHosts(Connection db, Array teamIds, Instant at) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(PostureService.UNCOUNTED_AT + """
                , per_host as (
                  select pt.scanned_by, pt.failed, pt.passed + pt.failed as assessed
                    from posture_tally pt
                   where pt.tenant_id = plimsoll_current_tenant() and pt.team_id = any(?)
                  union all
                  select coalesce(a.host_id, a.id), -(cs.status in ('fail', 'warn'))::int,
                         -(cs.status in ('pass', 'fail', 'warn'))::int
                    from control_state cs
                    join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id
                   where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = any(?)
                     and cs.valid_from > ? and cs.valid_to is null
                  union all
                  select coalesce(a.host_id, a.id), (cs.status in ('fail', 'warn'))::int,
                         (cs.status in ('pass', 'fail', 'warn'))::int
                    from control_state cs
                    join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id
                   where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = any(?)
                     and cs.valid_to > ? and cs.valid_from <= ?
                )
                select h.id, h.name, t.slug, sum(p.failed) as failing, sum(p.assessed)
                  from per_host p
                  join hosts_at c on c.id = p.scanned_by and c.id not in (select id from uncounted_hosts)
                  join asset h on h.tenant_id = plimsoll_current_tenant() and h.id = c.id
                  join team t on t.tenant_id = h.tenant_id and t.id = h.team_id
                 group by h.id, h.name, t.slug
                having sum(p.failed) > 0
                 order by failing desc, h.name
                 limit ?
                """)) {
            Timestamp t = Timestamp.from(at);
            int next = PostureService.bindUncountedAt(query, teamIds, t);
            query.setArray(next, teamIds);
            query.setArray(next + 1, teamIds);
            query.setTimestamp(next + 2, t);
            query.setArray(next + 3, teamIds);
            query.setTimestamp(next + 4, t);
            query.setTimestamp(next + 5, t);
            query.setInt(next + 6, WORST);
            return rows(query, OverviewService::worstHost);
        }
    }

    /**
     * The worst controls from a source of (benchmark_id, control_id, failing, assessed) rows, with
     * their catalogue title and severity; the one parameter is the number of rows.
     */
    private static String worstControlsFrom(String source) {
        return """
                select x.benchmark_id, x.control_id,
                       coalesce((select max(c.title) from control c
                                  where c.benchmark_id = x.benchmark_id and c.control_id = x.control_id), x.control_id),
                       coalesce((select max(c.severity) from control c
                                  where c.benchmark_id = x.benchmark_id and c.control_id = x.control_id), 'medium'),
                       x.failing, x.assessed
                """ + "  from " + source + " x\n" + """
                 where x.failing > 0
                 order by x.failing desc, x.control_id
                 limit ?
                """;
    }

    /** A row mapped to a value. */
    private interface Row<T> {
        T map(ResultSet rows) throws SQLException;
    }

    /** Runs the query and maps every row. */
    private static <T> List<T> rows(PreparedStatement query, Row<T> row) throws SQLException {
        List<T> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(row.map(rows));
            }
        }
        return result;
    }

    /** A row of (benchmark, control, title, severity, failing, assessed). */
    private static Overview.WorstControl worstControl(ResultSet rows) throws SQLException {
        return new Overview.WorstControl(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getLong(5),
                rows.getLong(6));
    }

    /** A row of (host id, name, team slug, failing, assessed). */
    private static Overview.WorstHost worstHost(ResultSet rows) throws SQLException {
        return new Overview.WorstHost(
                rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getLong(5));
    }

    /**
     * Intervals that began in the week before T, by what they changed: a fix (fail/warn → pass), a
     * regression (pass → fail/warn) or a new failure (first state of an asset and control).
     */
    private static Overview.WeekChanges week(Connection db, Instant at) throws SQLException {
        Instant from = at.minus(7, ChronoUnit.DAYS);
        try (PreparedStatement query = db.prepareStatement("""
                select count(*) filter (where prev.status in ('fail', 'warn') and cs.status = 'pass'),
                       count(*) filter (where prev.status = 'pass' and cs.status in ('fail', 'warn')),
                       count(*) filter (where prev.status is null and cs.status in ('fail', 'warn'))
                  from control_state cs
                  left join control_state prev
                         on prev.tenant_id = cs.tenant_id and prev.asset_id = cs.asset_id
                        and prev.benchmark_id = cs.benchmark_id and prev.control_id = cs.control_id
                        and prev.valid_to = cs.valid_from
                 where cs.valid_from > ? and cs.valid_from <= ?
                """)) {
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new Overview.WeekChanges(from, rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }
}
