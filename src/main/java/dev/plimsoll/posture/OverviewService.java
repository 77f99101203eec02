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
            return asOf == null
                    ? new Overview(
                            now,
                            trend,
                            teams,
                            worstControlsNow(db, teamIds, at),
                            worstHostsNow(db, teamIds, at),
                            week(db, at))
                    : new Overview(
                            now,
                            trend,
                            teams,
                            worstControls(db, teamIds, at),
                            worstHosts(db, teamIds, at),
                            week(db, at));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the overview", e);
        }
    }

    /** Controls by number of failing assets now ({@link PostureService#CONTROLS_NOW}). */
    private static List<Overview.WorstControl> worstControlsNow(Connection db, Array teamIds, Instant at)
            throws SQLException {
        List<Overview.WorstControl> worst = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(PostureService.CONTROLS_NOW + """
                select x.benchmark_id, x.control_id,
                       coalesce((select max(c.title) from control c
                                  where c.benchmark_id = x.benchmark_id and c.control_id = x.control_id), x.control_id),
                       coalesce((select max(c.severity) from control c
                                  where c.benchmark_id = x.benchmark_id and c.control_id = x.control_id), 'medium'),
                       x.failing, x.assessed
                  from controls_now x
                 where x.failing > 0
                 order by x.failing desc, x.control_id
                 limit ?
                """)) {
            query.setInt(PostureService.bindControlsNow(query, teamIds, Timestamp.from(at)), WORST);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    worst.add(worstControl(rows));
                }
            }
        }
        return worst;
    }

    /** Hosts by number of failures now (their containers' too), from the running tally; stale ones left out. */
    private static List<Overview.WorstHost> worstHostsNow(Connection db, Array teamIds, Instant at)
            throws SQLException {
        List<Overview.WorstHost> worst = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(PostureService.LIVE_HOSTS_NOW + """
                select h.id, h.name, t.slug, sum(pt.failed) as failing, sum(pt.passed + pt.failed)
                  from posture_tally pt
                  join live on live.id = pt.scanned_by
                  join asset h on h.tenant_id = pt.tenant_id and h.id = pt.scanned_by
                  join team t on t.tenant_id = h.tenant_id and t.id = h.team_id
                 where pt.tenant_id = plimsoll_current_tenant() and pt.team_id = any(?)
                 group by h.id, h.name, t.slug
                having sum(pt.failed) > 0
                 order by failing desc, h.name
                 limit ?
                """)) {
            int next = PostureService.bindLiveHosts(query, teamIds, Timestamp.from(at));
            query.setArray(next, teamIds);
            query.setInt(next + 1, WORST);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    worst.add(worstHost(rows));
                }
            }
        }
        return worst;
    }

    /** Controls by number of failing assets at T (intervals covering T), stale assets left out. */
    private static List<Overview.WorstControl> worstControls(Connection db, Array teamIds, Instant at)
            throws SQLException {
        List<Overview.WorstControl> worst = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(PostureService.LIVE_ASSETS_AT + """
                select cs.benchmark_id, cs.control_id, coalesce(max(c.title), cs.control_id), coalesce(max(c.severity), 'medium'),
                       count(*) filter (where cs.status in ('fail', 'warn')) as failing,
                       count(*) filter (where cs.status in ('pass', 'fail', 'warn'))
                  from control_state cs
                  join live on live.id = cs.asset_id
                  left join control c on c.benchmark_id = cs.benchmark_id and c.benchmark_version = cs.benchmark_version
                                     and c.control_id = cs.control_id
                 where cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                 group by cs.benchmark_id, cs.control_id
                having count(*) filter (where cs.status in ('fail', 'warn')) > 0
                 order by failing desc, cs.control_id
                 limit ?
                """)) {
            PostureService.bindAssets(query, teamIds, Timestamp.from(at));
            query.setTimestamp(6, Timestamp.from(at));
            query.setTimestamp(7, Timestamp.from(at));
            query.setInt(8, WORST);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    worst.add(worstControl(rows));
                }
            }
        }
        return worst;
    }

    /** Hosts by number of failures at T, counting their containers' failures too; stale ones left out. */
    private static List<Overview.WorstHost> worstHosts(Connection db, Array teamIds, Instant at) throws SQLException {
        List<Overview.WorstHost> worst = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(PostureService.LIVE_ASSETS_AT + """
                select h.id, h.name, t.slug,
                       count(*) filter (where cs.status in ('fail', 'warn')) as failing,
                       count(*) filter (where cs.status in ('pass', 'fail', 'warn'))
                  from control_state cs
                  join live on live.id = cs.asset_id
                  join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id
                  join asset h on h.tenant_id = a.tenant_id and h.id = coalesce(a.host_id, a.id)
                  join team t on t.tenant_id = h.tenant_id and t.id = h.team_id
                 where cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                 group by h.id, h.name, t.slug
                having count(*) filter (where cs.status in ('fail', 'warn')) > 0
                 order by failing desc, h.name
                 limit ?
                """)) {
            PostureService.bindAssets(query, teamIds, Timestamp.from(at));
            query.setTimestamp(6, Timestamp.from(at));
            query.setTimestamp(7, Timestamp.from(at));
            query.setInt(8, WORST);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    worst.add(worstHost(rows));
                }
            }
        }
        return worst;
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
