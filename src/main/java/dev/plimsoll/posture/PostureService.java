package dev.plimsoll.posture;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.remediation.ExceptedFailures;
import dev.plimsoll.tenancy.MemberService;
import dev.plimsoll.tenancy.Team;
import dev.plimsoll.tenancy.TeamRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Posture from the control-state intervals: exact as of any instant (the intervals covering it),
 * and trends from the daily rollups. A team member sees only their own teams; naming another
 * team answers like a team that does not exist.
 */
@ApplicationScoped
public class PostureService {

    /** The longest trend one request may ask for. */
    static final int MAX_TREND_DAYS = 731;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TeamRepository teams;

    @Inject
    MemberService members;

    @Inject
    Caller caller;

    @Transactional
    public Posture asOf(String team, Instant asOf) {
        Instant at = asOf == null ? Instant.now() : asOf;
        if (at.isAfter(Instant.now().plus(5, ChronoUnit.MINUTES))) {
            throw ProblemException.invalidField("?asOf", "asOf must not be in the future.");
        }
        Scope scope = scope(team);
        try (Connection db = dataSource.getConnection()) {
            withoutJit(db);
            Array teamIds = db.createArrayOf("uuid", scope.teamIds().toArray());
            return asOf == null ? readNow(db, teamIds, at, scope.slug()) : read(db, teamIds, at, scope.slug());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the posture", e);
        }
    }

    @Transactional
    public Trend trend(String team, LocalDate from, LocalDate to) {
        LocalDate end = to == null ? LocalDate.now(java.time.ZoneOffset.UTC) : to;
        LocalDate start = from == null ? end.minusDays(90) : from;
        if (start.isAfter(end)) {
            throw ProblemException.invalidField("?from", "from must not be after to.");
        }
        if (ChronoUnit.DAYS.between(start, end) > MAX_TREND_DAYS) {
            throw ProblemException.invalidField("?from", "A trend covers at most " + MAX_TREND_DAYS + " days.");
        }
        Scope scope = scope(team);
        List<Trend.Point> points = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        select d.day::date, coalesce(x.passed, 0), coalesce(x.failed, 0)
                          from generate_series(?::date, ?::date, interval '1 day') d(day)
                          left join (
                                select r.day, sum(r.passed) as passed, sum(r.failed) as failed
                                  from posture_trend_daily r
                                 where r.tenant_id = plimsoll_current_tenant() and r.team_id = any(?)
                                   and r.day between ? and ?
                                 group by r.day) x on x.day = d.day::date
                         order by d.day
                        """)) {
            query.setDate(1, Date.valueOf(start));
            query.setDate(2, Date.valueOf(end));
            query.setArray(3, db.createArrayOf("uuid", scope.teamIds().toArray()));
            query.setDate(4, Date.valueOf(start));
            query.setDate(5, Date.valueOf(end));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Score score = Score.of(rows.getLong(2), rows.getLong(3));
                    points.add(new Trend.Point(
                            rows.getDate(1).toLocalDate(), score.percent(), score.passed(), score.failed()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the trend", e);
        }
        return new Trend(scope.slug(), start, end, points);
    }

    /** Every team the caller may see, with its score as of T and its daily trend over the days before. */
    @Transactional
    public List<TeamPosture> teams(Instant asOf, int trendDays) {
        Instant at = asOf == null ? Instant.now() : asOf;
        LocalDate end = at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        List<Team> visible = visibleTeams();
        List<TeamPosture> result = new ArrayList<>();
        // Every team at once (a handful of statements, not a few per team): now from the tallies,
        // in the past from the rollups and the changes since; the trends from the daily sums.
        Map<UUID, long[]> counts = new HashMap<>();
        Map<UUID, List<TeamPosture.DailyScore>> trends = new HashMap<>();
        try (Connection db = dataSource.getConnection()) {
            withoutJit(db);
            Array teamIds =
                    db.createArrayOf("uuid", visible.stream().map(t -> t.id).toArray());
            Timestamp t = Timestamp.from(at);
            if (asOf != null) {
                teamsAt(db, teamIds, t, counts);
            } else {
                teamsNow(db, teamIds, t, counts);
            }
            try (PreparedStatement query = db.prepareStatement("""
                    select tm.id, d.day::date, coalesce(sum(r.passed), 0), coalesce(sum(r.failed), 0)
                      from unnest(?::uuid[]) as tm(id)
                      cross join generate_series(?::date, ?::date, interval '1 day') d(day)
                      left join posture_trend_daily r
                             on r.tenant_id = plimsoll_current_tenant() and r.team_id = tm.id and r.day = d.day::date
                     group by tm.id, d.day order by tm.id, d.day
                    """)) {
                query.setArray(1, teamIds);
                query.setDate(2, Date.valueOf(end.minusDays(trendDays)));
                query.setDate(3, Date.valueOf(end));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        trends.computeIfAbsent(rows.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new TeamPosture.DailyScore(
                                        rows.getDate(2).toLocalDate(), Score.of(rows.getLong(3), rows.getLong(4))));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the teams' posture", e);
        }
        for (Team team : visible) {
            long[] c = counts.getOrDefault(team.id, new long[4]);
            result.add(new TeamPosture(
                    team.slug, team.name, Score.of(c[0], c[1]), c[2], c[3], trends.getOrDefault(team.id, List.of())));
        }
        return result;
    }

    /** Per team now: passed, failed, assets that count and stale ones (counts[team] = {p, f, assets, stale}). */
    private static void teamsNow(Connection db, Array teamIds, Timestamp t, Map<UUID, long[]> counts)
            throws SQLException {
        try (PreparedStatement query = db.prepareStatement(LIVE_HOSTS_NOW + """
                            select pt.team_id, sum(pt.passed), sum(pt.failed)
                              from posture_tally pt join live on live.id = pt.scanned_by
                             where pt.tenant_id = plimsoll_current_tenant() and pt.team_id = any(?)
                             group by pt.team_id
                            """)) {
            query.setArray(bindLiveHosts(query, teamIds, t), teamIds);
            putCounts(query, counts, 0);
        }
        try (PreparedStatement query = db.prepareStatement(ASSETS_NOW + """
                            select team_id, coalesce(sum(assets) filter (where counts), 0),
                                   coalesce(sum(assets) filter (where not counts), 0)
                              from tally_now group by team_id
                            """)) {
            bindAssetsNow(query, teamIds, t);
            putCounts(query, counts, 2);
        }
    }

    /** Per team at a past instant T, as {@link #teamsNow}: from the rollups and the changes since. */
    private static void teamsAt(Connection db, Array teamIds, Timestamp t, Map<UUID, long[]> counts)
            throws SQLException {
        try (PreparedStatement query = db.prepareStatement(PARTS_AT + """
                select p.team_id, sum(p.passed), sum(p.failed) from parts p group by p.team_id
                """)) {
            bindPartsAt(query, teamIds, t);
            putCounts(query, counts, 0);
        }
        try (PreparedStatement query = db.prepareStatement(EXISTING_AT + """
                select e.team_id, e.n - coalesce(s.n, 0), coalesce(s.n, 0)
                  from existing_at e left join stale_at s on s.team_id = e.team_id
                """)) {
            bindExistingAt(query, teamIds, t);
            putCounts(query, counts, 2);
        }
    }

    /** The ids of the teams the caller may see. */
    List<UUID> visibleTeamIds() {
        return visibleTeams().stream().map(t -> t.id).toList();
    }

    private List<Team> visibleTeams() {
        Membership membership = caller.requireMembership();
        List<Team> all = teams.listOrdered();
        if (!Roles.TEAM_MEMBER.equals(membership.role())) {
            return all;
        }
        List<UUID> own = members.teamsOf(membership.membershipId());
        return all.stream().filter(t -> own.contains(t.id)).toList();
    }

    Posture read(Connection db, Array teamIds, Instant at, String slug) throws SQLException {
        Timestamp t = Timestamp.from(at);
        List<Posture.Section> sections = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(PARTS_AT + """
                select g.benchmark_id, g.section,
                       coalesce((select max(bs.title) from benchmark_section bs
                                  where bs.benchmark_id = g.benchmark_id and bs.section = g.section), ''),
                       g.passed, g.failed
                  from (select p.benchmark_id, split_part(p.control_id, '.', 1) as section,
                               sum(p.passed) as passed, sum(p.failed) as failed, sum(p.other) as other
                          from parts p
                         group by 1, 2) g
                 where g.passed + g.failed + g.other > 0
                 order by 1, 2
                """)) {
            bindPartsAt(query, teamIds, t);
            try (ResultSet rows = query.executeQuery()) {
                sections.addAll(sections(rows));
            }
        }
        // The assets that exist at T less those that do not count; then those, listed.
        long assets = 0;
        List<Posture.StaleAsset> stale = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(EXISTING_AT + """
                select 0, null::uuid, null::text, null::text, null::timestamptz,
                       coalesce((select sum(n) from existing_at), 0) - coalesce((select sum(n) from stale_at), 0)
                union all
                select 1, id, kind, name, last_scan, 0 from uncounted_at where exists_at
                 order by 1, 3, 4, 2
                """)) {
            bindExistingAt(query, teamIds, t);
            assets = assetsAndStale(query, stale);
        }
        return posture(db, teamIds, at, slug, sections, assets, stale);
    }

    /**
     * T with the tenant's staleness window ({@code at_t}) and the assets of the given teams that do
     * not count at T ({@code uncounted_at}, with their team, {@code exists_at} and their host's last
     * scan before T): the hosts that did not exist at T or had not reported within the window before it,
     * everything reported through them, and assets reported through no host. The hosts' last scans
     * are one index probe each. Assets under a host that counts are not looked at: ingestion ends
     * an asset's intervals when it goes, so they count exactly while they exist. Parameters: T, the
     * team ids three times (see {@link #bindUncountedAt}).
     */
    static final String UNCOUNTED_AT = """
            with at_t as materialized (
              select ?::timestamptz as t,
                     (select make_interval(days => tn.staleness_days) from tenant tn
                       where tn.id = plimsoll_current_tenant()) as window
            ), hosts_at as materialized (
              select h.id, h.first_seen <= w.t and (h.gone_at is null or h.gone_at > w.t) as exists_at,
                     case when h.first_seen > w.t then null
                          else (select max(s.finished_at) from scan s
                                 where s.tenant_id = h.tenant_id and s.host_asset_id = h.id and s.finished_at <= w.t)
                     end as last_scan
                from asset h cross join at_t w
               where h.tenant_id = plimsoll_current_tenant() and h.team_id = any(?) and h.kind = 'host'
            ), uncounted_hosts as materialized (
              select h.id, h.last_scan from hosts_at h cross join at_t w
               where not (h.exists_at and coalesce(h.last_scan >= w.t - w.window, false))
            ), uncounted_at as materialized (
              select a.id, a.kind, a.name, a.team_id, h.last_scan,
                     a.first_seen <= w.t and (a.gone_at is null or a.gone_at > w.t) as exists_at
                from uncounted_hosts h
                cross join at_t w
                cross join lateral (
                  select x.id, x.kind, x.name, x.team_id, x.first_seen, x.gone_at from asset x
                   where x.tenant_id = plimsoll_current_tenant() and x.team_id = any(?)
                     and (x.id = h.id or x.host_id = h.id)
                  offset 0) a
              union all
              select a.id, a.kind, a.name, a.team_id, null::timestamptz,
                     a.first_seen <= w.t and (a.gone_at is null or a.gone_at > w.t)
                from asset a cross join at_t w
               where a.tenant_id = plimsoll_current_tenant() and a.team_id = any(?)
                 and a.host_id is null and a.kind <> 'host'
            )
            """;

    /**
     * {@link #UNCOUNTED_AT} and, per team, the assets that exist at T ({@code existing_at}: those
     * without gone_at in the asset tally, less those first seen after T, plus those gone after T)
     * and those of them that do not count ({@code stale_at}). Parameters: those of {@link
     * #UNCOUNTED_AT}, then the team ids three times (see {@link #bindExistingAt}).
     */
    static final String EXISTING_AT = UNCOUNTED_AT + """
            , existing_at as (
              select e.team_id, sum(e.n) as n
                from (select x.team_id, x.assets as n from asset_tally x
                       where x.tenant_id = plimsoll_current_tenant() and x.team_id = any(?)
                      union all
                      select a.team_id, -1 from asset a
                       where a.tenant_id = plimsoll_current_tenant() and a.team_id = any(?)
                         and a.first_seen > (select w.t from at_t w) and a.gone_at is null
                      union all
                      select a.team_id, 1 from asset a
                       where a.tenant_id = plimsoll_current_tenant() and a.team_id = any(?)
                         and a.gone_at > (select w.t from at_t w) and a.first_seen <= (select w.t from at_t w)) e
               group by e.team_id
            ), stale_at as (
              select team_id, count(*) as n from uncounted_at where exists_at group by team_id
            )
            """;

    /** Binds {@link #EXISTING_AT}; answers the next parameter's index. */
    static int bindExistingAt(PreparedStatement query, Array teamIds, Timestamp t) throws SQLException {
        int next = bindUncountedAt(query, teamIds, t);
        query.setArray(next, teamIds);
        query.setArray(next + 1, teamIds);
        query.setArray(next + 2, teamIds);
        return next + 3;
    }

    /** Rows of (team, a, b) into {@code counts[team][slot]} and {@code [slot + 1]}. */
    private static void putCounts(PreparedStatement query, Map<UUID, long[]> counts, int slot) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long[] c = counts.computeIfAbsent(rows.getObject(1, UUID.class), k -> new long[4]);
                c[slot] = rows.getLong(2);
                c[slot + 1] = rows.getLong(3);
            }
        }
    }

    /**
     * {@link #UNCOUNTED_AT} and the counted results at T per control ({@code parts}: team,
     * benchmark, control, passed, failed, other, to be summed): each team's latest daily rollup that ended by T
     * (the intervals covering its last instant), plus the intervals that began from then to T, less
     * those that ended from then to T, less the intervals covering T of the assets that do not count
     * at T. A team with no rollup before T starts from nothing, which the same sums make exact, only
     * slower. Parameters: those of {@link #UNCOUNTED_AT}, then the team ids (see {@link #bindPartsAt}).
     */
    static final String PARTS_AT = UNCOUNTED_AT + """
            , base_days as materialized (
              select tm.id as team_id,
                     (select max(x.day) from posture_rollup_daily x
                       where x.tenant_id = plimsoll_current_tenant() and x.team_id = tm.id
                         and x.day < (select (w.t at time zone 'UTC')::date from at_t w)) as day
                from unnest(?::uuid[]) as tm(id)
            ), bounds as (
              select b.team_id, b.day, w.t,
                     coalesce((b.day + 1)::timestamp at time zone 'UTC', '-infinity'::timestamptz) as e
                from base_days b cross join at_t w
            ), parts as (
              select b.team_id, r.benchmark_id, r.control_id, r.passed, r.failed, r.other
                from bounds b
                cross join lateral (
                  select x.benchmark_id, x.control_id, x.passed, x.failed, x.other from posture_rollup_daily x
                   where x.tenant_id = plimsoll_current_tenant() and x.team_id = b.team_id and x.day = b.day
                  offset 0) r
              union all
              select b.team_id, c.benchmark_id, c.control_id, (c.status = 'pass')::int,
                     (c.status in ('fail', 'warn'))::int,
                     (c.status not in ('pass', 'fail', 'warn'))::int
                from bounds b
                cross join lateral (
                  select cs.benchmark_id, cs.control_id, cs.status from control_state cs
                   where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = b.team_id
                     and cs.valid_from >= b.e and cs.valid_from <= b.t
                  offset 0) c
              union all
              select b.team_id, c.benchmark_id, c.control_id, -(c.status = 'pass')::int,
                     -(c.status in ('fail', 'warn'))::int, -(c.status not in ('pass', 'fail', 'warn'))::int
                from bounds b
                cross join lateral (
                  select cs.benchmark_id, cs.control_id, cs.status from control_state cs
                   where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = b.team_id
                     and cs.valid_to >= b.e and cs.valid_to <= b.t
                  offset 0) c
              union all
              select c.team_id, c.benchmark_id, c.control_id, -(c.status = 'pass')::int,
                     -(c.status in ('fail', 'warn'))::int, -(c.status not in ('pass', 'fail', 'warn'))::int
                from uncounted_at u
                cross join at_t w
                cross join lateral (
                  select cs.team_id, cs.benchmark_id, cs.control_id, cs.status from control_state cs
                   where cs.tenant_id = plimsoll_current_tenant() and cs.asset_id = u.id
                     and cs.valid_from <= w.t and (cs.valid_to is null or cs.valid_to > w.t)
                  offset 0) c
            )
            """;

    /** Binds {@link #PARTS_AT}; answers the next parameter's index. */
    static int bindPartsAt(PreparedStatement query, Array teamIds, Timestamp t) throws SQLException {
        int next = bindUncountedAt(query, teamIds, t);
        query.setArray(next, teamIds);
        return next + 1;
    }

    /** Binds {@link #UNCOUNTED_AT}; answers the next parameter's index. */
    static int bindUncountedAt(PreparedStatement query, Array teamIds, Timestamp t) throws SQLException {
        query.setTimestamp(1, t);
        query.setArray(2, teamIds);
        query.setArray(3, teamIds);
        query.setArray(4, teamIds);
        return 5;
    }

    /**
     * Reads rows of (kind, id, kind, name, last report, count): kind 0 is the one row with the
     * number of assets that count, which it answers; kind 1 rows are stale assets, added to {@code stale}.
     */
    private static long assetsAndStale(PreparedStatement query, List<Posture.StaleAsset> stale) throws SQLException {
        long assets = 0;
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (rows.getInt(1) == 0) {
                    assets = rows.getLong(6);
                } else {
                    stale.add(staleAsset(rows, 2));
                }
            }
        }
        return assets;
    }

    /** Section rows (benchmark, section, title, passed, failed from the second column on) as sections. */
    private static List<Posture.Section> sections(ResultSet rows) throws SQLException {
        List<Posture.Section> sections = new ArrayList<>();
        while (rows.next()) {
            Score score = Score.of(rows.getLong(4), rows.getLong(5));
            sections.add(new Posture.Section(
                    rows.getString(2), rows.getString(3), score.percent(), score.passed(), score.failed()));
        }
        return sections;
    }

    /** A stale asset from the columns (id, kind, name, last scan) starting at {@code first}. */
    private static Posture.StaleAsset staleAsset(ResultSet rows, int first) throws SQLException {
        Timestamp lastScan = rows.getTimestamp(first + 3);
        return new Posture.StaleAsset(
                rows.getObject(first, UUID.class),
                rows.getString(first + 1),
                rows.getString(first + 2),
                lastScan == null ? null : lastScan.toInstant());
    }

    /** The posture from its sections: totals, and the score with exceptions (failing pairs an approved one covers). */
    private static Posture posture(
            Connection db,
            Array teamIds,
            Instant at,
            String slug,
            List<Posture.Section> sections,
            long assets,
            List<Posture.StaleAsset> stale)
            throws SQLException {
        long passed = sections.stream().mapToLong(Posture.Section::passed).sum();
        long failed = sections.stream().mapToLong(Posture.Section::failed).sum();
        Score total = Score.of(passed, failed);
        long excepted = ExceptedFailures.count(db, teamIds, Timestamp.from(at));
        Score withExceptions = Score.of(passed, failed - excepted);
        return new Posture(
                total.percent(),
                passed,
                failed,
                withExceptions.percent(),
                excepted,
                assets,
                stale.size(),
                at,
                slug,
                sections,
                stale);
    }

    /**
     * The hosts of the given teams that count now: reported within the tenant's staleness window.
     * Parameters: the team ids (uuid[]), now. A host's {@code last_seen} is its latest scan ({@code
     * reported_at} is the same for hosts, and indexed).
     */
    static final String LIVE_HOSTS_NOW = """
            with live as (
              select h.id, h.last_seen
                from asset h
               where h.tenant_id = plimsoll_current_tenant() and h.team_id = any(?) and h.kind = 'host'
                 and h.reported_at >= ?::timestamptz - make_interval(days =>
                       (select tn.staleness_days from tenant tn where tn.id = plimsoll_current_tenant()))
            )
            """;

    /**
     * {@link #LIVE_HOSTS_NOW}, the assets of the same teams that exist now counted per team and
     * scanning host from {@code asset_tally} ({@code tally_now}: whether they count, i.e. their host
     * is live), and the assets that do not count ({@code uncounted_now}, with their host's last
     * report), looked up only under the scanning hosts that are not live. Parameters: the team ids,
     * now (see {@link #bindAssetsNow}).
     */
    static final String ASSETS_NOW = LIVE_HOSTS_NOW + """
            , tally_now as materialized (
              select t.team_id, t.scanned_by, t.assets, live.id is not null as counts
                from asset_tally t
                left join live on live.id = t.scanned_by
               where t.tenant_id = plimsoll_current_tenant() and t.team_id = any(?) and t.assets <> 0
            ), uncounted_now as materialized (
              select a.id, a.kind, a.name, a.team_id, h.last_seen
                from tally_now u
                cross join lateral (
                  select x.id, x.kind, x.name, x.team_id from asset x
                   where x.tenant_id = plimsoll_current_tenant() and x.team_id = u.team_id
                     and ((x.id = u.scanned_by and x.host_id is null) or x.host_id = u.scanned_by)
                     and x.first_seen <= ? and (x.gone_at is null or x.gone_at > ?)
                  offset 0) a
                left join asset h on h.tenant_id = plimsoll_current_tenant() and h.id = u.scanned_by and h.kind = 'host'
               where not u.counts
            )
            """;

    /**
     * {@link #ASSETS_NOW} and the controls of the same teams with the assets that fail them now and
     * those assessed ({@code controls_now}): each team's latest daily rollup (the state at the end
     * of that day is the current one, since any later change writes a later day), less the open
     * intervals of the assets that do not count now. Parameters: the team ids, now, the team ids
     * (see {@link #bindControlsNow}).
     */
    static final String CONTROLS_NOW = ASSETS_NOW + """
            , latest as (
              select t.id as team_id,
                     (select max(x.day) from posture_rollup_daily x
                       where x.tenant_id = t.tenant_id and x.team_id = t.id) as day
                from team t
               where t.tenant_id = plimsoll_current_tenant() and t.id = any(?)
            ), base as (
              -- one range of the rollups' key per team (offset 0 keeps the planner from flattening it
              -- into a pass over every team's days)
              select r.benchmark_id, r.control_id, sum(r.failed) as failing, sum(r.passed + r.failed) as assessed
                from latest l
                cross join lateral (
                  select x.benchmark_id, x.control_id, x.passed, x.failed from posture_rollup_daily x
                   where x.tenant_id = plimsoll_current_tenant() and x.team_id = l.team_id and x.day = l.day
                  offset 0) r
               group by r.benchmark_id, r.control_id
            ), less as (
              -- the open intervals of each uncounted asset by the open-interval index (kept apart by offset 0)
              select cs.benchmark_id, cs.control_id,
                     count(*) filter (where cs.status in ('fail', 'warn')) as failing,
                     count(*) filter (where cs.status in ('pass', 'fail', 'warn')) as assessed
                from uncounted_now u
                cross join lateral (
                  select o.benchmark_id, o.control_id, o.status from control_state o
                   where o.tenant_id = plimsoll_current_tenant() and o.asset_id = u.id and o.valid_to is null
                  offset 0) cs
               group by cs.benchmark_id, cs.control_id
            ), controls_now as (
              select b.benchmark_id, b.control_id, b.failing - coalesce(l.failing, 0) as failing,
                     b.assessed - coalesce(l.assessed, 0) as assessed
                from base b
                left join less l on l.benchmark_id = b.benchmark_id and l.control_id = b.control_id
            )
            """;

    /** Binds {@link #LIVE_HOSTS_NOW}; answers the next parameter's index. */
    static int bindLiveHosts(PreparedStatement query, Array teamIds, Timestamp now) throws SQLException {
        query.setArray(1, teamIds);
        query.setTimestamp(2, now);
        return 3;
    }

    /** Binds {@link #ASSETS_NOW}; answers the next parameter's index. */
    static int bindAssetsNow(PreparedStatement query, Array teamIds, Timestamp now) throws SQLException {
        int next = bindLiveHosts(query, teamIds, now);
        query.setArray(next, teamIds);
        query.setTimestamp(next + 1, now);
        query.setTimestamp(next + 2, now);
        return next + 3;
    }

    /** Binds {@link #CONTROLS_NOW}; answers the next parameter's index. */
    static int bindControlsNow(PreparedStatement query, Array teamIds, Timestamp now) throws SQLException {
        int next = bindAssetsNow(query, teamIds, now);
        query.setArray(next, teamIds);
        return next + 1;
    }

    /**
     * Now, from the running tally ({@code posture_tally}): the open intervals counted per host and
     * section, summed over the hosts that count. The same numbers as {@link #read} at the same
     * instant, without a pass over every interval.
     */
    Posture readNow(Connection db, Array teamIds, Instant at, String slug) throws SQLException {
        Timestamp t = Timestamp.from(at);
        List<Posture.Section> sections = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(LIVE_HOSTS_NOW + """
                select pt.benchmark_id, pt.section,
                       coalesce((select max(bs.title) from benchmark_section bs
                                  where bs.benchmark_id = pt.benchmark_id and bs.section = pt.section), ''),
                       sum(pt.passed), sum(pt.failed)
                  from posture_tally pt
                  join live on live.id = pt.scanned_by
                 where pt.tenant_id = plimsoll_current_tenant() and pt.team_id = any(?)
                 group by pt.benchmark_id, pt.section
                having sum(pt.passed) + sum(pt.failed) + sum(pt.other) > 0
                 order by pt.benchmark_id, pt.section
                """)) {
            query.setArray(bindLiveHosts(query, teamIds, t), teamIds);
            try (ResultSet rows = query.executeQuery()) {
                sections.addAll(sections(rows));
            }
        }
        // The first row counts the assets that count, the others are the stale ones.
        long assets = 0;
        List<Posture.StaleAsset> stale = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(ASSETS_NOW + """
                select 0, null::uuid, null::text, null::text, null::timestamptz, coalesce(sum(assets), 0)
                  from tally_now where counts
                union all
                select 1, id, kind, name, last_seen, 0 from uncounted_now
                 order by 1, 3, 4, 2
                """)) {
            bindAssetsNow(query, teamIds, t);
            assets = assetsAndStale(query, stale);
        }
        return posture(db, teamIds, at, slug, sections, assets, stale);
    }

    /**
     * The assets of the given teams at T ({@code assets_at}) and those of them that count
     * ({@code live}): an asset counts when its host reported within the tenant's staleness window
     * before T. Parameters 1–5: T, the team ids (uuid[]), T, T, T — see {@link #bindAssets}.
     *
     * <p>The last scan before T is looked up once per scanning host (an index-only probe of
     * scan_host_time_idx each), not once per asset, and never inside a join with the intervals.
     */
    static final String LIVE_ASSETS_AT = liveAssetsAt("");

    /**
     * {@link #LIVE_ASSETS_AT} with a further condition on the assets in scope ({@code a}), placed
     * before the binding of T that follows the team ids (so its own parameters come third).
     */
    static String liveAssetsAt(String condition) {
        return """
            with at_t as (select ?::timestamptz as t
            ), scope as (
              select a.id, a.kind, a.name, coalesce(a.host_id, a.id) as scanned_by
                from asset a
               where a.team_id = any(?)""" + " " + condition + """
                 and a.first_seen <= ? and (a.gone_at is null or a.gone_at > ?)
            ), last_scans as materialized (
              select h.scanned_by,
                     (select max(s.finished_at) from scan s
                       where s.host_asset_id = h.scanned_by and s.finished_at <= (select t from at_t)) as last_scan
                from (select distinct scanned_by from scope) h
            ), assets_at as (
              select scope.id, scope.kind, scope.name, ls.last_scan,
                     coalesce(ls.last_scan >= ?::timestamptz - make_interval(days =>
                       (select tn.staleness_days from tenant tn where tn.id = plimsoll_current_tenant())), false) as counts
                from scope join last_scans ls on ls.scanned_by = scope.scanned_by
            ), live as (
              select * from assets_at where counts
            )
                """;
    }

    /**
     * Dashboard queries are short and run often: compiling their plans (PostgreSQL's JIT, which
     * large tenants' cost estimates trigger) takes longer than it saves. Lasts for the transaction.
     */
    static void withoutJit(Connection db) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("set local jit = off");
        }
    }

    static void bindAssets(PreparedStatement query, Array teamIds, Timestamp t) throws SQLException {
        query.setTimestamp(1, t);
        query.setArray(2, teamIds);
        query.setTimestamp(3, t);
        query.setTimestamp(4, t);
        query.setTimestamp(5, t);
    }

    /** The teams a request may see: one named team, or every team the caller may see. */
    private Scope scope(String team) {
        List<UUID> visible = visibleTeamIds();
        if (team == null || team.isBlank()) {
            return new Scope(null, visible);
        }
        Team named = teams.findBySlugOrId(team)
                .filter(t -> visible.contains(t.id))
                .orElseThrow(() -> ProblemException.notFound("Team " + team));
        return new Scope(named.slug, List.of(named.id));
    }

    private record Scope(String slug, List<UUID> teamIds) {}
}
