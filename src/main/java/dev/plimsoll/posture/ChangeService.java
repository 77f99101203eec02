package dev.plimsoll.posture;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.TeamService;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Explains the movement of the score between two instants from the control-state intervals
 * covering each of them (exact, not from rollups): fixes, regressions, assets that started or
 * stopped counting, and controls newly or no longer counted on assets that counted at both.
 */
@ApplicationScoped
public class ChangeService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PostureService posture;

    @Inject
    TeamService teams;

    @Transactional
    public PostureChange between(String team, Instant from, Instant to) {
        return between(team, from, to, null);
    }

    /**
     * The same, up to now ({@code to} null), with the posture now already read for the same teams
     * ({@code now}, may be null): its instant is the end, and it is not read again.
     */
    @Transactional
    public PostureChange between(String team, Instant from, Instant to, Posture now) {
        Posture known = to == null ? now : null;
        Instant end = to == null ? (known == null ? Instant.now() : known.asOf()) : to;
        Instant start = from == null ? end.minus(7, ChronoUnit.DAYS) : from;
        if (end.isAfter(Instant.now().plus(5, ChronoUnit.MINUTES))) {
            throw ProblemException.invalidField("?to", "to must not be in the future.");
        }
        if (start.isAfter(end)) {
            throw ProblemException.invalidField("?from", "from must not be after to.");
        }
        List<UUID> teamIds;
        String slug = null;
        if (team == null || team.isBlank()) {
            teamIds = posture.visibleTeamIds();
        } else {
            var named = teams.visible(team);
            teamIds = List.of(named.id());
            slug = named.slug();
        }
        try (Connection db = dataSource.getConnection()) {
            PostureService.withoutJit(db);
            Array ids = db.createArrayOf("uuid", teamIds.toArray());
            // Only the assets where something happened between the two instants can fall in a part;
            // every other asset counted the same controls with the same status at both.
            Candidates moved = candidates(db, ids, start, end, to == null);
            Array wholeAssets = db.createArrayOf("uuid", moved.assets().toArray());
            Snapshot before =
                    snapshot(db, ids, wholeAssets, start).with(moved.pairs(), pairs(db, moved.pairs(), start));
            Snapshot after = snapshot(db, ids, wholeAssets, end).with(moved.pairs(), pairs(db, moved.pairs(), end));
            Posture whole = known != null
                    ? known
                    : to == null ? posture.readNow(db, ids, end, slug) : posture.read(db, ids, end, slug);
            return compare(slug, start, end, before, after, whole);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the change of posture", e);
        }
    }

    /**
     * What may count differently at the two instants: whole assets (they appeared or went in
     * (from, to], or their host's standing — reported within the staleness window — is not the
     * same at both) and single (asset, benchmark, control) pairs of the other assets (an interval
     * began or ended in (from, to]) with whether their asset counts, which is the same at both.
     */
    record Candidates(List<UUID> assets, List<Pair> pairs) {}

    /** One pair whose interval changed, on an asset that counts at both instants or at neither. */
    record Pair(Key key, boolean counts) {}

    private static Candidates candidates(Connection db, Array teamIds, Instant from, Instant to, boolean toIsNow)
            throws SQLException {
        // A host's standing at "to": its last report when "to" is now, otherwise its last scan before
        // "to". At "from" a probe of its scans, unless its first or last report already decides it.
        String liveAtTo = toIsNow ? "h.last_seen >= w.t2 - w.window" : """
                  coalesce((select max(s.finished_at) from scan s
                             where s.tenant_id = h.tenant_id and s.host_asset_id = h.id and s.finished_at <= w.t2)
                           >= w.t2 - w.window, false)""";
        Set<UUID> assets = new HashSet<>();
        List<Pair> pairs = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                with w as materialized (
                  select ?::timestamptz as t1, ?::timestamptz as t2,
                         (select make_interval(days => tn.staleness_days) from tenant tn
                           where tn.id = plimsoll_current_tenant()) as window
                ), hosts as materialized (
                  select h.id,
                         case when h.first_seen > w.t1 or h.last_seen < w.t1 - w.window then false
                              else coalesce((select max(s.finished_at) from scan s
                                              where s.tenant_id = h.tenant_id and s.host_asset_id = h.id
                                                and s.finished_at <= w.t1) >= w.t1 - w.window, false)
                         end as live1,
                """ + liveAtTo + " as live2" + """
                    from asset h, w
                   where h.tenant_id = plimsoll_current_tenant() and h.team_id = any(?) and h.kind = 'host'
                ), whole as (
                  select a.id from asset a
                   where a.tenant_id = plimsoll_current_tenant() and a.team_id = any(?)
                     and ((a.first_seen > ? and a.first_seen <= ?) or (a.gone_at > ? and a.gone_at <= ?))
                  union
                  select a.id from hosts c
                    join asset a on a.tenant_id = plimsoll_current_tenant() and (a.id = c.id or a.host_id = c.id)
                   where c.live1 <> c.live2 and a.team_id = any(?)
                ), changed as (
                  select cs.asset_id, cs.benchmark_id, cs.control_id from control_state cs
                   where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = any(?)
                     and cs.valid_from > ? and cs.valid_from <= ?
                  union
                  select cs.asset_id, cs.benchmark_id, cs.control_id from control_state cs
                   where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = any(?)
                     and cs.valid_to > ? and cs.valid_to <= ?
                )
                select id, null, null, false from whole
                union all
                select p.asset_id, p.benchmark_id, p.control_id,
                       coalesce(c.live2, false) and a.first_seen <= w.t2 and (a.gone_at is null or a.gone_at > w.t2)
                  from w, changed p
                  join asset a on a.tenant_id = plimsoll_current_tenant() and a.id = p.asset_id
                  left join hosts c on c.id = coalesce(a.host_id, a.id)
                 where a.team_id = any(?) and p.asset_id not in (select id from whole)
                """)) {
            Timestamp t1 = Timestamp.from(from);
            Timestamp t2 = Timestamp.from(to);
            query.setTimestamp(1, t1);
            query.setTimestamp(2, t2);
            query.setArray(3, teamIds);
            query.setArray(4, teamIds);
            query.setTimestamp(5, t1);
            query.setTimestamp(6, t2);
            query.setTimestamp(7, t1);
            query.setTimestamp(8, t2);
            query.setArray(9, teamIds);
            query.setArray(10, teamIds);
            query.setTimestamp(11, t1);
            query.setTimestamp(12, t2);
            query.setArray(13, teamIds);
            query.setTimestamp(14, t1);
            query.setTimestamp(15, t2);
            query.setArray(16, teamIds);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID asset = rows.getObject(1, UUID.class);
                    if (rows.getString(2) == null) {
                        assets.add(asset);
                    } else {
                        pairs.add(new Pair(new Key(asset, rows.getString(2), rows.getString(3)), rows.getBoolean(4)));
                    }
                }
            }
        }
        return new Candidates(List.copyOf(assets), pairs);
    }

    /** The counted status at T of each pair whose asset counts (at both instants alike). */
    private static Map<Key, Boolean> pairs(Connection db, List<Pair> pairs, Instant at) throws SQLException {
        List<Key> counted = pairs.stream().filter(Pair::counts).map(Pair::key).toList();
        Map<Key, Boolean> passed = new HashMap<>();
        if (counted.isEmpty()) {
            return passed;
        }
        try (PreparedStatement query = db.prepareStatement("""
                select p.a, p.b, p.c, cs.status
                  from unnest(?::uuid[], ?::text[], ?::text[]) as p(a, b, c)
                  join control_state cs
                    on cs.tenant_id = plimsoll_current_tenant() and cs.asset_id = p.a and cs.benchmark_id = p.b
                   and cs.control_id = p.c and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                   and cs.status in ('pass', 'fail', 'warn')
                """)) {
            Timestamp t = Timestamp.from(at);
            query.setArray(
                    1, db.createArrayOf("uuid", counted.stream().map(Key::asset).toArray()));
            query.setArray(
                    2,
                    db.createArrayOf(
                            "text", counted.stream().map(Key::benchmark).toArray()));
            query.setArray(
                    3,
                    db.createArrayOf("text", counted.stream().map(Key::control).toArray()));
            query.setTimestamp(4, t);
            query.setTimestamp(5, t);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    passed.put(
                            new Key(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)),
                            "pass".equals(rows.getString(4)));
                }
            }
        }
        return passed;
    }

    /** The assets that count at T and the counted status ("pass" or "fail") of each of their controls. */
    record Snapshot(Set<UUID> assets, Map<Key, Boolean> passed) {

        /**
         * With single pairs added: the assets of those that count (they count at both instants, so
         * they are neither "new" nor "retired") and the pairs' statuses at this instant.
         */
        Snapshot with(List<Pair> pairs, Map<Key, Boolean> statuses) {
            Set<UUID> all = new HashSet<>(assets);
            pairs.stream()
                    .filter(Pair::counts)
                    .forEach(pair -> all.add(pair.key().asset()));
            Map<Key, Boolean> merged = new HashMap<>(passed);
            merged.putAll(statuses);
            return new Snapshot(all, merged);
        }
    }

    record Key(UUID asset, String benchmark, String control) {}

    private static Snapshot snapshot(Connection db, Array teamIds, Array assetIds, Instant at) throws SQLException {
        Timestamp t = Timestamp.from(at);
        Set<UUID> assets = new HashSet<>();
        Map<Key, Boolean> passed = new HashMap<>();
        try (PreparedStatement query =
                db.prepareStatement(PostureService.liveAssetsAt("and a.id = any(?::uuid[])") + """
                select live.id, cs.benchmark_id, cs.control_id, cs.status
                  from live
                  left join control_state cs
                         on cs.asset_id = live.id and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                        and cs.status in ('pass', 'fail', 'warn')
                """)) {
            query.setTimestamp(1, t);
            query.setArray(2, teamIds);
            query.setArray(3, assetIds);
            query.setTimestamp(4, t);
            query.setTimestamp(5, t);
            query.setTimestamp(6, t);
            query.setTimestamp(7, t);
            query.setTimestamp(8, t);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID asset = rows.getObject(1, UUID.class);
                    assets.add(asset);
                    String status = rows.getString(4);
                    if (status != null) {
                        passed.put(new Key(asset, rows.getString(2), rows.getString(3)), "pass".equals(status));
                    }
                }
            }
        }
        return new Snapshot(assets, passed);
    }

    /** Puts every (asset, control) counted at either instant in exactly one part. */
    static PostureChange compare(
            String team, Instant from, Instant to, Snapshot before, Snapshot after, Posture whole) {
        long fixes = 0, regressions = 0, newFailures = 0, newPasses = 0, droppedFailures = 0, droppedPasses = 0;
        long newPassed = 0, newFailed = 0, retiredPassed = 0, retiredFailed = 0;
        Set<Key> keys = new HashSet<>(before.passed().keySet());
        keys.addAll(after.passed().keySet());
        for (Key key : keys) {
            Boolean was = before.passed().get(key);
            Boolean is = after.passed().get(key);
            boolean countedBefore = before.assets().contains(key.asset());
            boolean countedAfter = after.assets().contains(key.asset());
            if (was != null && is != null) {
                if (!was && is) {
                    fixes++;
                } else if (was && !is) {
                    regressions++;
                }
            } else if (is != null) {
                if (!countedBefore) {
                    if (is) newPassed++;
                    else newFailed++;
                } else if (is) {
                    newPasses++;
                } else {
                    newFailures++;
                }
            } else {
                if (!countedAfter) {
                    if (was) retiredPassed++;
                    else retiredFailed++;
                } else if (was) {
                    droppedPasses++;
                } else {
                    droppedFailures++;
                }
            }
        }
        long newAssets = after.assets().stream()
                .filter(a -> !before.assets().contains(a))
                .count();
        long retiredAssets = before.assets().stream()
                .filter(a -> !after.assets().contains(a))
                .count();
        // The whole posture at the later instant; the earlier one follows from the parts, which add up.
        PostureChange.Side a = side(whole.passed(), whole.failed(), whole.assets());
        PostureChange.Side b = side(
                whole.passed() - fixes - newPasses - newPassed + regressions + droppedPasses + retiredPassed,
                whole.failed() - regressions - newFailures - newFailed + fixes + droppedFailures + retiredFailed,
                whole.assets() - newAssets + retiredAssets);
        PostureChange.AssetPart added = new PostureChange.AssetPart(newAssets, newPassed, newFailed);
        PostureChange.AssetPart retired = new PostureChange.AssetPart(retiredAssets, retiredPassed, retiredFailed);
        return new PostureChange(
                team,
                from,
                to,
                b,
                a,
                fixes,
                regressions,
                added,
                retired,
                newFailures,
                newPasses,
                droppedFailures,
                droppedPasses,
                summary(
                        b,
                        a,
                        fixes,
                        regressions,
                        added,
                        retired,
                        newFailures,
                        newPasses,
                        droppedFailures,
                        droppedPasses));
    }

    private static PostureChange.Side side(long passed, long failed, long assets) {
        Score score = Score.of(passed, failed);
        return new PostureChange.Side(score.percent(), passed, failed, assets);
    }

    /** One sentence: "Score moved from 71.2 % to 74.0 %: 12 fixes, 3 regressions, 2 new assets (…)." */
    static String summary(
            PostureChange.Side before,
            PostureChange.Side after,
            long fixes,
            long regressions,
            PostureChange.AssetPart added,
            PostureChange.AssetPart retired,
            long newFailures,
            long newPasses,
            long droppedFailures,
            long droppedPasses) {
        List<String> parts = new ArrayList<>();
        count(parts, fixes, "fix", "fixes");
        count(parts, regressions, "regression", "regressions");
        if (added.assets() > 0) {
            parts.add(plural(added.assets(), "new asset", "new assets") + " (" + added.passed() + " passed, "
                    + added.failed() + " failed)");
        }
        if (retired.assets() > 0) {
            parts.add(plural(retired.assets(), "asset", "assets") + " no longer counted (" + retired.passed()
                    + " passed, " + retired.failed() + " failed)");
        }
        count(parts, newFailures, "new failure", "new failures");
        count(parts, newPasses, "newly checked pass", "newly checked passes");
        count(parts, droppedFailures + droppedPasses, "result no longer reported", "results no longer reported");
        String head = before.score() != null
                        && after.score() != null
                        && before.score().equals(after.score())
                ? "Score stayed at " + after.display()
                : "Score moved from " + before.display() + " to " + after.display();
        return head + (parts.isEmpty() ? ": nothing changed." : ": " + String.join(", ", parts) + ".");
    }

    private static void count(List<String> parts, long n, String one, String many) {
        if (n > 0) {
            parts.add(plural(n, one, many));
        }
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
