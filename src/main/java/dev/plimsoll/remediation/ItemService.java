package dev.plimsoll.remediation;

import dev.plimsoll.audit.AuditLog;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Remediation items as people see and work them: lists with filters, groups, one item with its
 * history, and the manual changes (acknowledge, start, assign, comment). Scans alone resolve
 * and regress items ({@link RemediationSync}).
 */
@ApplicationScoped
public class ItemService {

    @Inject
    AuditLog auditLog;

    static final Set<String> STATES = Set.of("open", "acknowledged", "in_progress", "resolved", "regressed");

    static final Set<String> MANUAL_STATES = Set.of("acknowledged", "in_progress");

    /** Overdue: not resolved, not under an exception, past its due date. */
    static final String OVERDUE = "(i.state <> 'resolved' and i.excepted_by is null and i.due_at < now())";

    private static final String SELECT = """
            select i.id, t.slug, a.id, a.kind, a.name, i.benchmark_id, i.benchmark_version, i.control_id,
                   coalesce(c.title, i.control_id), i.severity, i.group_key, i.state, i.assignee, i.opened_at,
                   i.due_at, %s, i.resolved_at, i.resolved_by_scan, i.regressions, i.excepted_by
              from remediation_item i
              join team t on t.id = i.team_id
              join asset a on a.id = i.asset_id
              left join control c on c.benchmark_id = i.benchmark_id and c.benchmark_version = i.benchmark_version
                    and c.control_id = i.control_id
            """.formatted(OVERDUE);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Visibility visibility;

    @Inject
    Notifications notifications;

    /** Filters of the item list; null means any. */
    public record Filter(String team, String state, Boolean overdue, String control, String group) {}

    @Transactional
    public Paged<ItemView> list(Filter filter, int page, int size) {
        List<UUID> teams = teams(filter.team());
        if (filter.state() != null && !STATES.contains(filter.state())) {
            throw ProblemException.invalidField(
                    "?state", "state must be open, acknowledged, in_progress, resolved or regressed.");
        }
        String where = """
                 where i.team_id = any(?) and (?::text is null or i.state = ?)
                   and (?::boolean is null or %s = ?::boolean)
                   and (?::text is null or i.control_id = ?) and (?::text is null or i.group_key = ?)
                """.formatted(OVERDUE);
        try (Connection db = dataSource.getConnection()) {
            Array teamIds = db.createArrayOf("uuid", teams.toArray());
            long total;
            try (PreparedStatement count = db.prepareStatement("select count(*) from remediation_item i" + where)) {
                bindFilter(count, teamIds, filter);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<ItemView> items = new ArrayList<>();
            try (PreparedStatement query =
                    db.prepareStatement(SELECT + where + " order by i.due_at, i.id limit ? offset ?")) {
                int next = bindFilter(query, teamIds, filter);
                query.setInt(next, size);
                query.setLong(next + 1, (long) page * size);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        items.add(view(rows));
                    }
                }
            }
            return new Paged<>(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list remediation items", e);
        }
    }

    /** Items grouped into pieces of work: team, control and image (or host), biggest first. */
    @Transactional
    public Paged<ItemGroup> groups(String team, boolean includeResolved) {
        List<UUID> teams = teams(team);
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        select t.slug, i.benchmark_id, i.control_id, coalesce(max(c.title), i.control_id),
                               max(i.severity), i.group_key,
                               count(*) filter (where i.state <> 'resolved'),
                               count(*) filter (where %s),
                               count(*) filter (where i.state <> 'resolved' and i.excepted_by is not null),
                               count(*) filter (where i.state = 'resolved'),
                               min(i.due_at) filter (where i.state <> 'resolved')
                          from remediation_item i
                          join team t on t.id = i.team_id
                          left join control c on c.benchmark_id = i.benchmark_id
                                and c.benchmark_version = i.benchmark_version and c.control_id = i.control_id
                         where i.team_id = any(?)
                         group by t.slug, i.benchmark_id, i.control_id, i.group_key
                        having ? or count(*) filter (where i.state <> 'resolved') > 0
                         order by 7 desc, 11, 3, 6
                        """.formatted(OVERDUE))) {
            query.setArray(1, db.createArrayOf("uuid", teams.toArray()));
            query.setBoolean(2, includeResolved);
            List<ItemGroup> groups = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp due = rows.getTimestamp(11);
                    groups.add(new ItemGroup(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getLong(7),
                            rows.getLong(8),
                            rows.getLong(9),
                            rows.getLong(10),
                            due == null ? null : due.toInstant()));
                }
            }
            return new Paged<>(groups, groups.size());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot group remediation items", e);
        }
    }

    @Transactional
    public ItemDetail get(UUID id) {
        try (Connection db = dataSource.getConnection()) {
            return detail(db, id);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read remediation item " + id, e);
        }
    }

    /** A person's change: state (acknowledged, in_progress), assignee, comment; each one in the history. */
    @Transactional
    public ItemDetail change(UUID id, ItemChange change) {
        if (change == null || (change.state() == null && change.assignee() == null && change.comment() == null)) {
            throw ProblemException.invalidField("", "Give a state, an assignee or a comment.");
        }
        if (change.state() != null && !MANUAL_STATES.contains(change.state())) {
            throw ProblemException.invalidField(
                    "/state", "state may be set to acknowledged or in_progress; scans resolve and regress items.");
        }
        if (change.assignee() != null && change.assignee().length() > 320) {
            throw ProblemException.invalidField("/assignee", "assignee has at most 320 characters.");
        }
        if (change.comment() != null
                && (change.comment().isBlank() || change.comment().length() > 4000)) {
            throw ProblemException.invalidField("/comment", "comment must have 1 to 4000 characters.");
        }
        try (Connection db = dataSource.getConnection()) {
            ItemDetail before = detail(db, id);
            ItemView item = before.item();
            String actor = visibility.actor();
            if (change.state() != null && !change.state().equals(item.state())) {
                if ("resolved".equals(item.state())) {
                    throw ProblemException.conflict("The item is resolved; only a failing scan reopens it.");
                }
                update(db, "state = ?", change.state(), id);
                event(db, id, "state", actor, item.state(), change.state(), null);
            }
            if (change.assignee() != null) {
                String assignee =
                        change.assignee().isBlank() ? null : change.assignee().strip();
                update(db, "assignee = ?", assignee, id);
                event(db, id, "assignee", actor, null, null, assignee == null ? "unassigned" : assignee);
            }
            if (change.comment() != null) {
                event(db, id, "comment", actor, null, null, change.comment().strip());
            }
            ItemDetail after = detail(db, id);
            audit("remediation-item.change", "remediation_item", id.toString(), before.item(), after.item());
            return after;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot change remediation item " + id, e);
        }
    }

    /**
     * The scheduled part: items that became overdue since the last run are announced once per team.
     * Runs for the current tenant.
     */
    @Transactional
    public int notifyOverdue() {
        Map<UUID, Long> perTeam = new LinkedHashMap<>();
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement mark = db.prepareStatement("""
                    with due as (
                      update remediation_item i set overdue_notified_at = now()
                       where %s and i.overdue_notified_at is null
                      returning i.team_id)
                    select team_id, count(*) from due group by team_id
                    """.formatted(OVERDUE));
                    ResultSet rows = mark.executeQuery()) {
                while (rows.next()) {
                    perTeam.put(rows.getObject(1, UUID.class), rows.getLong(2));
                }
            }
            for (Map.Entry<UUID, Long> team : perTeam.entrySet()) {
                notifications.enqueue(db, Notifications.OVERDUE, team.getKey(), Map.of("overdue", team.getValue()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot announce overdue items", e);
        }
        return perTeam.values().stream().mapToInt(Long::intValue).sum();
    }

    private List<UUID> teams(String team) {
        return team == null || team.isBlank() ? visibility.teamIds() : List.of(visibility.team(team, "?team").id);
    }

    private ItemDetail detail(Connection db, UUID id) throws SQLException {
        ItemView item;
        String remediation;
        try (PreparedStatement query = db.prepareStatement(
                SELECT.replace("coalesce(c.title, i.control_id)", "coalesce(c.title, i.control_id), c.remediation")
                        + " where i.id = ? and i.team_id = any(?)")) {
            query.setObject(1, id);
            query.setArray(2, db.createArrayOf("uuid", visibility.teamIds().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw ProblemException.notFound("Remediation item " + id);
                }
                remediation = rows.getString(10);
                item = view(rows, 1);
            }
        }
        List<ItemDetail.Event> history = new ArrayList<>();
        try (PreparedStatement query =
                db.prepareStatement("select at, kind, actor, from_state, to_state, scan_id, text from remediation_event"
                        + " where item_id = ? order by at, kind")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    history.add(new ItemDetail.Event(
                            rows.getTimestamp(1).toInstant(),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getObject(6, UUID.class),
                            rows.getString(7)));
                }
            }
        }
        List<ItemView> group = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(SELECT
                + " where i.team_id = (select team_id from remediation_item where id = ?)"
                + " and (i.benchmark_id, i.control_id, i.group_key) ="
                + " (select benchmark_id, control_id, group_key from remediation_item where id = ?)"
                + " order by i.state = 'resolved', a.name limit 1000")) {
            query.setObject(1, id);
            query.setObject(2, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    group.add(view(rows));
                }
            }
        }
        return new ItemDetail(item, remediation, history, group);
    }

    private static void update(Connection db, String set, String value, UUID id) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "update remediation_item set " + set + ", updated_at = now(), version = version + 1 where id = ?")) {
            update.setString(1, value);
            update.setObject(2, id);
            update.executeUpdate();
        }
    }

    private static void event(Connection db, UUID item, String kind, String actor, String from, String to, String text)
            throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into remediation_event (tenant_id, id, item_id, at, kind, actor, from_state, to_state, text)
                values (plimsoll_current_tenant(), gen_random_uuid(), ?, clock_timestamp(), ?, ?, ?, ?, ?)
                """)) {
            insert.setObject(1, item);
            insert.setString(2, kind);
            insert.setString(3, actor);
            insert.setString(4, from);
            insert.setString(5, to);
            insert.setString(6, text);
            insert.executeUpdate();
        }
    }

    private static int bindFilter(PreparedStatement query, Array teamIds, Filter filter) throws SQLException {
        query.setArray(1, teamIds);
        query.setString(2, filter.state());
        query.setString(3, filter.state());
        query.setObject(4, filter.overdue(), java.sql.Types.BOOLEAN);
        query.setObject(5, filter.overdue(), java.sql.Types.BOOLEAN);
        query.setString(6, filter.control());
        query.setString(7, filter.control());
        query.setString(8, filter.group());
        query.setString(9, filter.group());
        return 10;
    }

    private static ItemView view(ResultSet rows) throws SQLException {
        return view(rows, 0);
    }

    /** {@code shift}: extra columns after the title (the detail query adds the remediation text). */
    private static ItemView view(ResultSet rows, int shift) throws SQLException {
        int s = shift;
        Timestamp resolved = rows.getTimestamp(17 + s);
        return new ItemView(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                new ItemView.Asset(rows.getObject(3, UUID.class), rows.getString(4), rows.getString(5)),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                rows.getString(10 + s),
                rows.getString(11 + s),
                rows.getString(12 + s),
                rows.getString(13 + s),
                rows.getTimestamp(14 + s).toInstant(),
                rows.getTimestamp(15 + s).toInstant(),
                rows.getBoolean(16 + s),
                resolved == null ? null : resolved.toInstant(),
                rows.getObject(18 + s, UUID.class),
                rows.getInt(19 + s),
                rows.getObject(20 + s, UUID.class));
    }

    /** Every change of an item by a person, written to the audit log. */
    private void audit(String action, String type, String id, Object before, Object after) {
        auditLog.record(action, type, id, before, after);
    }
}
