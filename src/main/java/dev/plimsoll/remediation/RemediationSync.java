package dev.plimsoll.remediation;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the remediation items in step with the control-state intervals. Ingestion calls
 * {@link #afterScan} inside its own transaction, after it has written a scan's intervals.
 *
 * <p>The state of an item follows the asset's <em>current</em> interval (the open one) for each
 * (asset, control) the scan touched, not the scan itself: scans may arrive out of order and an
 * older one may split an interval in the past without changing the present. A failing current
 * interval opens an item (or reopens a resolved one as regressed); a passing one, or an asset
 * gone from its host, resolves it with the scan that proved it.
 *
 * <p>The work is a fixed number of statements per scan, whatever its number of results: one
 * statement for all items and their history, one for exceptions, and one per notification kind
 * when something happened.
 */
@ApplicationScoped
public class RemediationSync {

    /** The actor written in the history for changes made by scans. */
    static final String SCAN_ACTOR = "scan";

    /** The pairs a scan opened or closed an interval of, found by the scan's id. */
    private static final String TOUCHED_BY_SCAN = """
            with touched as (
              select distinct cs.asset_id, cs.benchmark_id, cs.control_id
                from control_state cs
               where cs.tenant_id = ?1 and cs.opened_by_scan = ?2
              union
              select cs.asset_id, cs.benchmark_id, cs.control_id
                from control_state cs
               where cs.tenant_id = ?1 and cs.closed_by_scan = ?2
            )""";

    /**
     * The open interval of each touched pair (control_state_open_uq), or, when there is none, the
     * last closed one (the asset is gone).
     */
    private static final String CURRENT = """
            select t.asset_id, t.benchmark_id, t.control_id,
                     coalesce(c.benchmark_version, l.benchmark_version) as benchmark_version,
                     coalesce(c.team_id, l.team_id) as team_id,
                     c.status, c.valid_from, c.opened_by_scan,
                     (c.asset_id is null) as gone, l.valid_to as gone_at, l.closed_by_scan as gone_scan
                from touched t
                left join control_state c
                       on c.tenant_id = ?1 and c.asset_id = t.asset_id and c.benchmark_id = t.benchmark_id
                      and c.control_id = t.control_id and c.valid_to is null
                left join lateral (
                       select l.benchmark_version, l.team_id, l.valid_to, l.closed_by_scan
                         from control_state l
                        where c.asset_id is null and l.tenant_id = ?1 and l.asset_id = t.asset_id
                          and l.benchmark_id = t.benchmark_id and l.control_id = t.control_id
                        order by l.valid_from desc limit 1) l on true
            """;

    /*
     * From the current intervals on: the data-modifying parts touch disjoint items (no item yet /
     * resolved / not resolved), so they can share one snapshot; the history rows come from what
     * they return.
     */
    private static final String SYNC_CURRENT = """
            , sla as (
              -- The tenant's due dates by severity, read once (as plimsoll_sla_days reads them per item).
              select coalesce(max(p.critical_days), 7) as critical, coalesce(max(p.high_days), 30) as high,
                     coalesce(max(p.medium_days), 90) as medium, coalesce(max(p.low_days), 180) as low
                from sla_policy p where p.tenant_id = ?1
            ), failing as (
              select cur.*, coalesce(ctl.severity, 'medium') as severity,
                     case when a.kind in ('container', 'image')
                          then 'image ' || coalesce(a.image_ref, a.image_id, a.name)
                          else 'host ' || a.name end as group_key
                from cur
                join asset a on a.tenant_id = ?1 and a.id = cur.asset_id
                left join control ctl on ctl.benchmark_id = cur.benchmark_id
                      and ctl.benchmark_version = cur.benchmark_version and ctl.control_id = cur.control_id
               where not cur.gone and cur.status in ('fail', 'warn')
            ), fixed as (
              select cur.asset_id, cur.benchmark_id, cur.control_id,
                     case when cur.gone then cur.gone_at else cur.valid_from end as resolved_at,
                     case when cur.gone then cur.gone_scan else cur.opened_by_scan end as proof
                from cur where cur.gone or cur.status = 'pass'
            ), opened as (
              insert into remediation_item (tenant_id, id, team_id, asset_id, benchmark_id, benchmark_version,
                                            control_id, group_key, severity, state, opened_at, due_at, failing_scan)
              select ?1, gen_random_uuid(), f.team_id, f.asset_id, f.benchmark_id, f.benchmark_version,
                     f.control_id, f.group_key, f.severity, 'open', f.valid_from,
                     f.valid_from + make_interval(days => case f.severity when 'critical' then sla.critical
                       when 'high' then sla.high when 'medium' then sla.medium else sla.low end), f.opened_by_scan
                from failing f, sla
               where not exists (select 1 from remediation_item i
                                  where i.tenant_id = ?1 and i.asset_id = f.asset_id
                                    and i.benchmark_id = f.benchmark_id and i.control_id = f.control_id)
              on conflict do nothing
              returning id, team_id, 'opened'::text as kind, null::text as from_state, state, failing_scan as scan_id
            ), regressed as (
              update remediation_item i
                 set state = 'regressed', opened_at = f.valid_from,
                     due_at = f.valid_from + make_interval(days => case i.severity when 'critical' then sla.critical
                       when 'high' then sla.high when 'medium' then sla.medium else sla.low end),
                     failing_scan = f.opened_by_scan, resolved_at = null, resolved_by_scan = null,
                     regressions = i.regressions + 1, overdue_notified_at = null,
                     updated_at = now(), version = i.version + 1
                from failing f, sla
               where i.tenant_id = ?1 and i.asset_id = f.asset_id and i.benchmark_id = f.benchmark_id
                 and i.control_id = f.control_id and i.state = 'resolved'
              returning i.id, i.team_id, 'regressed'::text as kind, 'resolved'::text as from_state, i.state,
                        i.failing_scan as scan_id
            ), resolved as (
              update remediation_item i
                 set state = 'resolved', resolved_at = x.resolved_at, resolved_by_scan = x.proof,
                     updated_at = now(), version = i.version + 1
                from fixed x, remediation_item old
               where i.tenant_id = ?1 and i.asset_id = x.asset_id and i.benchmark_id = x.benchmark_id
                 and i.control_id = x.control_id and i.state <> 'resolved' and old.tenant_id = ?1 and old.id = i.id
              returning i.id, i.team_id, 'resolved'::text as kind, old.state as from_state, i.state,
                        i.resolved_by_scan as scan_id
            ), reproved as (
              -- A late scan may move the start of the passing interval: the proof follows it (no new history).
              update remediation_item i
                 set resolved_at = x.resolved_at, resolved_by_scan = x.proof, updated_at = now(), version = i.version + 1
                from fixed x
               where i.tenant_id = ?1 and i.asset_id = x.asset_id and i.benchmark_id = x.benchmark_id
                 and i.control_id = x.control_id and i.state = 'resolved'
                 and (i.resolved_by_scan is distinct from x.proof or i.resolved_at is distinct from x.resolved_at)
              returning i.id
            ), changed as (
              select * from opened union all select * from regressed union all select * from resolved
            ), history as (
              insert into remediation_event (tenant_id, id, item_id, kind, actor, from_state, to_state, scan_id)
              select ?1, gen_random_uuid(), c.id, c.kind, 'scan', c.from_state, c.state, c.scan_id from changed c
            )
            select c.team_id, c.kind, count(*), array_agg(c.id) from changed c group by c.team_id, c.kind
            """;

    private static final String SYNC = withTouched(TOUCHED_BY_SCAN);

    /** The pairs a scan wrote, named by the caller: (asset, control) arrays and the benchmark. */
    private static final String TOUCHED_PAIRS = """
            with touched as (
              select distinct u.asset_id, ?3::text as benchmark_id, u.control_id
                from unnest(?4::uuid[], ?5::text[]) as u(asset_id, control_id)
            )""";

    /**
     * The failures of assets the scan created, as the caller knows them: each is the open interval
     * the scan opened, of its version and team, so it is not read back.
     */
    private static final String CREATED = """
            select n.asset_id, ?3::text, n.control_id, ?6::text, ?7::uuid, n.status, ?8::timestamptz, ?2::uuid,
                   false, null::timestamptz, null::uuid
              from unnest(?9::uuid[], ?10::text[], ?11::text[]) as n(asset_id, control_id, status)
            """;

    private static final String SYNC_PAIRS =
            TOUCHED_PAIRS + ", cur as (" + CURRENT + " union all " + CREATED + ")" + SYNC_CURRENT;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ExceptionService exceptions;

    @Inject
    Notifications notifications;

    /**
     * Brings remediation items up to date with the intervals a scan opened or closed, found by the
     * scan's id: this reads the tenant's intervals (no index serves it since V21), so ingestion names
     * the pairs instead ({@link #afterScan(UUID, UUID, String, UUID[], String[], CreatedFailures)}).
     */
    @Transactional
    public void afterScan(UUID tenantId, UUID scanId) {
        run(tenantId, scanId, SYNC, tenantId, scanId);
    }

    /**
     * As {@link #afterScan(UUID, UUID)}, for the (asset, control) pairs of one benchmark that the scan
     * changed, as the caller knows them ({@code assets[i]}, {@code controls[i]}): only those pairs are
     * read. The failures of assets the scan created come apart ({@code created}): what their
     * intervals are is known without reading them.
     */
    @Transactional
    public void afterScan(
            UUID tenantId, UUID scanId, String benchmark, UUID[] assets, String[] controls, CreatedFailures created) {
        if (assets.length == 0 && created.assets().length == 0) {
            return;
        }
        run(
                tenantId,
                scanId,
                SYNC_PAIRS,
                tenantId,
                scanId,
                benchmark,
                assets,
                controls,
                created.version(),
                created.team(),
                Timestamp.from(created.at()),
                created.assets(),
                created.controls(),
                created.statuses());
    }

    /**
     * The failing results of assets a scan created ({@code assets[i]}, {@code controls[i]}, {@code
     * statuses[i]}): each opened an interval of the benchmark's {@code version}, owned by {@code team},
     * at {@code at}.
     */
    public record CreatedFailures(
            String version, UUID team, Instant at, UUID[] assets, String[] controls, String[] statuses) {}

    private void run(UUID tenantId, UUID scanId, String sql, Object... values) {
        Map<UUID, Map<String, Long>> changes = new LinkedHashMap<>();
        List<UUID> items = new ArrayList<>();
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement sync = db.prepareStatement(numbered(sql))) {
                Object[] bound = values.clone();
                for (int i = 0; i < bound.length; i++) {
                    if (bound[i] instanceof UUID[] uuids) {
                        bound[i] = db.createArrayOf("uuid", uuids);
                    } else if (bound[i] instanceof String[] texts) {
                        bound[i] = db.createArrayOf("text", texts);
                    }
                }
                bindRepeated(sync, sql, bound);
                try (ResultSet rows = sync.executeQuery()) {
                    while (rows.next()) {
                        changes.computeIfAbsent(rows.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                                .put(rows.getString(2), rows.getLong(3));
                        items.addAll(Arrays.asList((UUID[]) rows.getArray(4).getArray()));
                    }
                }
            }
            if (changes.isEmpty()) {
                return;
            }
            Wakeups.register(db, tenantId);
            exceptions.applyToItems(db, items);
            for (Map.Entry<UUID, Map<String, Long>> team : changes.entrySet()) {
                long opened = team.getValue().getOrDefault("opened", 0L);
                long regressed = team.getValue().getOrDefault("regressed", 0L);
                if (opened > 0) {
                    notifications.enqueue(
                            db,
                            Notifications.NEW_FAILURES,
                            team.getKey(),
                            Map.of("scan", scanId.toString(), "newFailures", opened));
                }
                if (regressed > 0) {
                    notifications.enqueue(
                            db,
                            Notifications.REGRESSIONS,
                            team.getKey(),
                            Map.of("scan", scanId.toString(), "regressions", regressed));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot bring the remediation items up to date after scan " + scanId, e);
        }
    }

    /** The sync statement with another definition of the pairs it looks at. */
    private static String withTouched(String touched) {
        return touched + ", cur as (" + CURRENT + ")" + SYNC_CURRENT;
    }

    /**
     * Opens items for every current failure of the tenant (for data written without scans, such as
     * the demo's history); no notifications are sent. Answers how many items changed.
     */
    @Transactional
    public long syncCurrentFailures(UUID tenantId) {
        String all = withTouched(
                "with touched as (\n  select cs.asset_id, cs.benchmark_id, cs.control_id from control_state cs\n"
                        + "   where cs.tenant_id = ?1 and cs.valid_to is null and cs.status in ('fail', 'warn') and ?2::uuid is null\n)");
        long changed = 0;
        try (Connection db = dataSource.getConnection();
                PreparedStatement sync = db.prepareStatement(numbered(all))) {
            bindRepeated(sync, all, tenantId, null);
            try (ResultSet rows = sync.executeQuery()) {
                while (rows.next()) {
                    changed += rows.getLong(3);
                }
            }
            if (changed > 0) {
                Wakeups.register(db, tenantId);
                exceptions.applyToChangedItems(db);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open remediation items for the current failures", e);
        }
        return changed;
    }

    /**
     * JDBC has no numbered parameters: {@code ?1}/{@code ?2} become {@code ?} and are bound in
     * order of appearance.
     */
    static String numbered(String sql) {
        return NUMBERED.computeIfAbsent(sql, s -> s.replaceAll("\\?[0-9]+", "?"));
    }

    static void bindRepeated(PreparedStatement statement, String sql, Object... values) throws SQLException {
        int[] order = ORDER.computeIfAbsent(sql, s -> {
            List<Integer> found = new ArrayList<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\?([0-9]+)").matcher(s);
            while (m.find()) {
                found.add(Integer.parseInt(m.group(1)));
            }
            return found.stream().mapToInt(Integer::intValue).toArray();
        });
        for (int i = 0; i < order.length; i++) {
            statement.setObject(i + 1, values[order[i] - 1]);
        }
    }

    /** The few statements written with numbered parameters, translated once. */
    private static final Map<String, String> NUMBERED = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Map<String, int[]> ORDER = new java.util.concurrent.ConcurrentHashMap<>();
}
