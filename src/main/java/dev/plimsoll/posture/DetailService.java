package dev.plimsoll.posture;

import dev.plimsoll.platform.error.ProblemException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The detail pages' data: a team's failing controls and assets, one asset with its controls and
 * history, one control across teams. Everything as of an instant, restricted to the teams the
 * caller may see (another team's asset answers like a missing one), stale assets left out.
 */
@ApplicationScoped
public class DetailService {

    @Inject
    PostureService posture;

    @Inject
    AgroalDataSource dataSource;

    /**
     * The failing controls of a team now ({@code at} null: {@link PostureService#CONTROLS_NOW}) or at
     * a past instant ({@link PostureService#PARTS_AT}), ordered by section, then failures.
     */
    @Transactional
    public List<Details.FailingControl> failingControls(UUID team, Instant at) {
        requireVisible(team);
        List<Details.FailingControl> failing = new ArrayList<>();
        String counts = at == null
                ? PostureService.CONTROLS_NOW + "select x.benchmark_id, x.control_id, x.failing from controls_now x\n"
                : PostureService.PARTS_AT
                        + "select p.benchmark_id, p.control_id, sum(p.failed) as failing from parts p group by 1, 2\n";
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("with counts as (" + counts + """
                        )
                        select x.benchmark_id, x.control_id, c.section, coalesce(bs.title, ''), coalesce(c.title, x.control_id),
                               coalesce(c.severity, 'medium'), coalesce(c.remediation, ''), x.failing
                          from counts x
                          left join lateral (
                            select c.section, c.title, c.severity, c.remediation, c.benchmark_version from control c
                             where c.benchmark_id = x.benchmark_id and c.control_id = x.control_id
                             order by c.benchmark_version desc limit 1) c on true
                          left join benchmark_section bs on bs.benchmark_id = x.benchmark_id
                               and bs.benchmark_version = c.benchmark_version and bs.section = c.section
                         where x.failing > 0
                         order by c.section, x.failing desc, x.control_id
                        """)) {
            PostureService.withoutJit(db);
            Array teams = teamArray(db, team);
            if (at == null) {
                PostureService.bindControlsNow(query, teams, Timestamp.from(Instant.now()));
            } else {
                PostureService.bindPartsAt(query, teams, Timestamp.from(at));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    failing.add(new Details.FailingControl(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getLong(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read failing controls", e);
        }
        return failing;
    }

    /**
     * One page of a team's assets that count at T, hosts first, each with its pass and fail counts:
     * the assets are ordered and cut to the page first, then only the page's intervals are counted.
     */
    @Transactional
    public Page<Details.AssetSummary> assets(UUID team, Instant at, int page, int size) {
        requireVisible(team);
        List<Details.AssetSummary> assets = new ArrayList<>();
        long total = 0;
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement(PostureService.LIVE_ASSETS_AT + """
                        , ordered as (
                          select a.id, a.kind, a.name, a.image_ref, h.name as host_name, live.last_scan,
                                 count(*) over () as total
                            from live
                            join asset a on a.id = live.id
                            left join asset h on h.tenant_id = a.tenant_id and h.id = a.host_id
                           order by coalesce(h.name, a.name), a.kind <> 'host', a.name, a.id
                           limit ? offset ?
                        )
                        select o.id, o.kind, o.name, o.image_ref, o.host_name, c.passed, c.failed, o.last_scan, o.total
                          from ordered o
                          cross join lateral (
                            select count(*) filter (where cs.status = 'pass') as passed,
                                   count(*) filter (where cs.status in ('fail', 'warn')) as failed
                              from control_state cs
                             where cs.tenant_id = plimsoll_current_tenant() and cs.asset_id = o.id
                               and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)) c
                         order by coalesce(o.host_name, o.name), o.kind <> 'host', o.name, o.id
                        """)) {
            PostureService.withoutJit(db);
            Timestamp t = Timestamp.from(at);
            PostureService.bindAssets(query, teamArray(db, team), t);
            query.setInt(6, size);
            query.setLong(7, (long) (page - 1) * size);
            query.setTimestamp(8, t);
            query.setTimestamp(9, t);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    assets.add(summary(rows));
                    total = rows.getLong(9);
                }
            }
            if (assets.isEmpty() && page > 1) {
                // Past the last page: the total still comes from the first.
                return new Page<>(List.of(), assets(team, at, 1, size).total(), page, size);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read assets", e);
        }
        return new Page<>(assets, total, page, size);
    }

    /** One asset at T: every control's status with evidence, and the history of its intervals. */
    @Transactional
    public Details.Asset asset(UUID id, Instant at) {
        try (Connection db = dataSource.getConnection()) {
            Details.Asset head = head(db, id);
            Timestamp t = Timestamp.from(at);
            List<Details.ControlStatus> controls = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement("""
                    select cs.benchmark_id, cs.control_id, coalesce(c.title, cs.control_id), coalesce(c.severity, 'medium'),
                           cs.status, cs.evidence, cs.valid_from, coalesce(cs.last_seen, s.last_seen), coalesce(c.remediation, '')
                      from control_state cs
                      left join asset_seen s on s.tenant_id = cs.tenant_id and s.asset_id = cs.asset_id
                                            and s.benchmark_id = cs.benchmark_id
                      left join control c on c.benchmark_id = cs.benchmark_id and c.benchmark_version = cs.benchmark_version
                                         and c.control_id = cs.control_id
                     where cs.asset_id = ? and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                     order by cs.status not in ('fail', 'warn'), string_to_array(regexp_replace(cs.control_id, '[^0-9.]', '', 'g'), '.')::int[], cs.control_id
                    """)) {
                query.setObject(1, id);
                query.setTimestamp(2, t);
                query.setTimestamp(3, t);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        controls.add(new Details.ControlStatus(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getString(6),
                                rows.getTimestamp(7).toInstant(),
                                rows.getTimestamp(8).toInstant(),
                                rows.getString(9)));
                    }
                }
            }
            List<Details.Change> history = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement("""
                    select control_id, status, valid_from, valid_to, close_reason from control_state
                     where asset_id = ? and valid_from <= ?
                       and exists (select 1 from control_state o where o.tenant_id = control_state.tenant_id
                                     and o.asset_id = control_state.asset_id and o.control_id = control_state.control_id
                                     and o.valid_from <> control_state.valid_from)
                     order by valid_from desc, control_id limit 200
                    """)) {
                query.setObject(1, id);
                query.setTimestamp(2, t);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Timestamp to = rows.getTimestamp(4);
                        history.add(new Details.Change(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getTimestamp(3).toInstant(),
                                to == null ? null : to.toInstant(),
                                rows.getString(5)));
                    }
                }
            }
            List<Details.AssetSummary> containers = new ArrayList<>();
            if ("host".equals(head.kind())) {
                try (PreparedStatement query = db.prepareStatement("""
                        select a.id, a.kind, a.name, a.image_ref, null,
                               count(cs.status) filter (where cs.status = 'pass'),
                               count(cs.status) filter (where cs.status in ('fail', 'warn')), a.last_seen
                          from asset a
                          left join control_state cs on cs.tenant_id = a.tenant_id and cs.asset_id = a.id
                               and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                         where a.host_id = ? and a.first_seen <= ? and (a.gone_at is null or a.gone_at > ?)
                         group by a.id, a.kind, a.name, a.image_ref, a.last_seen order by a.name
                        """)) {
                    query.setTimestamp(1, t);
                    query.setTimestamp(2, t);
                    query.setObject(3, id);
                    query.setTimestamp(4, t);
                    query.setTimestamp(5, t);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            containers.add(summary(rows));
                        }
                    }
                }
            }
            return new Details.Asset(
                    head.id(),
                    head.kind(),
                    head.name(),
                    head.team(),
                    head.image(),
                    head.host(),
                    head.hostId(),
                    head.firstSeen(),
                    head.lastSeen(),
                    controls,
                    history,
                    containers);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the asset", e);
        }
    }

    /** One control: its catalogue entry and the assets failing it at T across the visible teams. */
    @Transactional
    public Details.Control control(String benchmark, String controlId, Instant at) {
        try (Connection db = dataSource.getConnection()) {
            PostureService.withoutJit(db);
            String title;
            String description;
            String severity;
            String remediation;
            String audit;
            try (PreparedStatement query =
                    db.prepareStatement("select title, description, severity, remediation, audit from control"
                            + " where benchmark_id = ? and control_id = ? order by benchmark_version desc limit 1")) {
                query.setString(1, benchmark);
                query.setString(2, controlId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw ProblemException.notFound("Control " + controlId);
                    }
                    title = row.getString(1);
                    description = row.getString(2);
                    severity = row.getString(3);
                    remediation = row.getString(4);
                    audit = row.getString(5);
                }
            }
            List<Details.FailingAsset> failing = new ArrayList<>();
            long passing = 0;
            try (PreparedStatement query = db.prepareStatement(PostureService.LIVE_ASSETS_AT + """
                    select a.id, a.kind, a.name, t.slug, cs.status, cs.evidence, cs.valid_from
                      from control_state cs
                      join live on live.id = cs.asset_id
                      join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id
                      join team t on t.tenant_id = a.tenant_id and t.id = a.team_id
                     where cs.benchmark_id = ? and cs.control_id = ? and cs.status in ('pass', 'fail', 'warn')
                       and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                     order by cs.valid_from, a.name
                    """)) {
                Timestamp t = Timestamp.from(at);
                PostureService.bindAssets(
                        query, db.createArrayOf("uuid", posture.visibleTeamIds().toArray()), t);
                query.setString(6, benchmark);
                query.setString(7, controlId);
                query.setTimestamp(8, t);
                query.setTimestamp(9, t);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if ("pass".equals(rows.getString(5))) {
                            passing++;
                            continue;
                        }
                        failing.add(new Details.FailingAsset(
                                rows.getObject(1, UUID.class),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getString(6),
                                rows.getTimestamp(7).toInstant()));
                    }
                }
            }
            return new Details.Control(
                    benchmark, controlId, title, description, severity, remediation, audit, passing, failing);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the control", e);
        }
    }

    /** The thirteen checklist items, each scored from the results of the controls mapped to it at T. */
    @Transactional
    public List<ChecklistItemPosture> checklist(Instant at) {
        List<ChecklistItemPosture> items = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement(PostureService.LIVE_ASSETS_AT + """
                        , states as (
                          select cs.benchmark_id, cs.control_id, cs.status
                            from control_state cs join live on live.id = cs.asset_id
                           where cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                        )
                        select ci.position, ci.id, ci.title, ci.description,
                               count(s.status) filter (where s.status = 'pass'),
                               count(s.status) filter (where s.status in ('fail', 'warn')),
                               (select array_agg(distinct cc2.control_id order by cc2.control_id) from control_checklist cc2
                                 where cc2.checklist_item_id = ci.id)
                          from checklist_item ci
                          left join control_checklist cc on cc.checklist_item_id = ci.id
                          left join states s on s.benchmark_id = cc.benchmark_id and s.control_id = cc.control_id
                         group by ci.position, ci.id, ci.title, ci.description
                         order by ci.position
                        """)) {
            PostureService.withoutJit(db);
            Timestamp t = Timestamp.from(at);
            PostureService.bindAssets(
                    query, db.createArrayOf("uuid", posture.visibleTeamIds().toArray()), t);
            query.setTimestamp(6, t);
            query.setTimestamp(7, t);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Score score = Score.of(rows.getLong(5), rows.getLong(6));
                    Array controls = rows.getArray(7);
                    items.add(new ChecklistItemPosture(
                            rows.getInt(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            score.percent(),
                            score.passed(),
                            score.failed(),
                            controls == null ? List.of() : Arrays.asList((String[]) controls.getArray())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the checklist", e);
        }
        return items;
    }

    private Details.Asset head(Connection db, UUID id) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("""
                select a.id, a.kind, a.name, t.slug, a.image_ref, h.name, h.id, a.first_seen, a.last_seen, a.team_id
                  from asset a join team t on t.tenant_id = a.tenant_id and t.id = a.team_id
                  left join asset h on h.tenant_id = a.tenant_id and h.id = a.host_id
                 where a.id = ?
                """)) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next() || !posture.visibleTeamIds().contains(row.getObject(10, UUID.class))) {
                    throw ProblemException.notFound("Asset " + id);
                }
                return new Details.Asset(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getObject(7, UUID.class),
                        row.getTimestamp(8).toInstant(),
                        row.getTimestamp(9).toInstant(),
                        List.of(),
                        List.of(),
                        List.of());
            }
        }
    }

    private static Details.AssetSummary summary(ResultSet rows) throws SQLException {
        Timestamp lastScan = rows.getTimestamp(8);
        return new Details.AssetSummary(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getLong(6),
                rows.getLong(7),
                lastScan == null ? null : lastScan.toInstant());
    }

    private void requireVisible(UUID team) {
        if (!posture.visibleTeamIds().contains(team)) {
            throw ProblemException.notFound("Team " + team);
        }
    }

    private static Array teamArray(Connection db, UUID team) throws SQLException {
        return db.createArrayOf("uuid", new Object[] {team});
    }
}
