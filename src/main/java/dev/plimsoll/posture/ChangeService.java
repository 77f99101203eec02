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
        Instant end = to == null ? Instant.now() : to;
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
            Array moved =
                    db.createArrayOf("uuid", candidates(db, ids, start, end).toArray());
            Snapshot before = snapshot(db, ids, moved, start);
            Snapshot after = snapshot(db, ids, moved, end);
            Posture whole = to == null ? posture.readNow(db, ids, end, slug) : posture.read(db, ids, end, slug);
            return compare(slug, start, end, before, after, whole);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the change of posture", e);
        }
    }

    /**
     * The assets of these teams whose counted results may differ between the instants: an interval
     * of theirs began or ended in (from, to], they appeared or went in it, or their host's
     * standing (reported within the staleness window) is not the same at both.
     */
    private static List<UUID> candidates(Connection db, Array teamIds, Instant from, Instant to) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                with w as (select ?::timestamptz as t1, ?::timestamptz as t2,
                                  (select make_interval(days => tn.staleness_days) from tenant tn
                                    where tn.id = plimsoll_current_tenant()) as window
                ), hosts as (
                  select h.id,
                         (select max(s.finished_at) from scan s
                           where s.tenant_id = h.tenant_id and s.host_asset_id = h.id and s.finished_at <= w.t1)
                           >= w.t1 - w.window as live1,
                         (select max(s.finished_at) from scan s
                           where s.tenant_id = h.tenant_id and s.host_asset_id = h.id and s.finished_at <= w.t2)
                           >= w.t2 - w.window as live2
                    from asset h, w
                   where h.tenant_id = plimsoll_current_tenant() and h.team_id = any(?) and h.kind = 'host'
                ), changed_hosts as (
                  select id from hosts where coalesce(live1, false) <> coalesce(live2, false)
                )
                select a.id from asset a, w
                 where a.tenant_id = plimsoll_current_tenant() and a.team_id = any(?)
                   and ((a.first_seen > w.t1 and a.first_seen <= w.t2) or (a.gone_at > w.t1 and a.gone_at <= w.t2)
                        or coalesce(a.host_id, a.id) in (select id from changed_hosts))
                union
                select cs.asset_id from control_state cs, w
                 where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = any(?)
                   and cs.valid_from > w.t1 and cs.valid_from <= w.t2
                union
                select cs.asset_id from control_state cs, w
                 where cs.tenant_id = plimsoll_current_tenant() and cs.team_id = any(?)
                   and cs.valid_to > w.t1 and cs.valid_to <= w.t2
                """)) {
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(to));
            query.setArray(3, teamIds);
            query.setArray(4, teamIds);
            query.setArray(5, teamIds);
            query.setArray(6, teamIds);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** The assets that count at T and the counted status ("pass" or "fail") of each of their controls. */
    record Snapshot(Set<UUID> assets, Map<Key, Boolean> passed) {}

    record Key(UUID asset, String benchmark, String control) {}

    private static Snapshot snapshot(Connection db, Array teamIds, Array assetIds, Instant at) throws SQLException {
        Timestamp t = Timestamp.from(at);
        Set<UUID> assets = new HashSet<>();
        Map<Key, Boolean> passed = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(PostureService.LIVE_ASSETS_AT.replace(
                        "where a.team_id = any(?) and", "where a.team_id = any(?) and a.id = any(?::uuid[]) and")
                + """
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
