package dev.plimsoll.remediation;

import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.db.TenantChanges;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.Team;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Exceptions (risk acceptance): requested by a team member or a security manager for one control
 * in one team, optionally narrowed to a host, image or container name pattern, with a
 * justification and an expiry at most a year ahead; approved or refused by a security manager
 * other than the requester. While approved and unexpired, the items it covers are marked excepted
 * (they keep their state and history); at expiry they open again.
 */
@ApplicationScoped
public class ExceptionService {

    @Inject
    AuditLog auditLog;

    @Inject
    TenantChanges changes;

    static final Duration LONGEST = Duration.ofDays(365);

    static final Set<String> SCOPES = Set.of("team", "host", "image", "container");

    /**
     * Does exception e cover the item i on asset a? Same team and control, then the scope:
     * host name (the asset's own for a host, its host's otherwise), image reference, container name.
     */
    public static final String COVERS = """
            e.team_id = i.team_id and e.benchmark_id = i.benchmark_id and e.control_id = i.control_id
            and a.id = i.asset_id and (
                 e.scope_kind = 'team'
              or (e.scope_kind = 'host' and (case when a.kind = 'host' then a.name
                    else (select h.name from asset h where h.id = a.host_id) end) like e.match_like)
              or (e.scope_kind = 'image' and coalesce(a.image_ref, a.image_id, '') like e.match_like)
              or (e.scope_kind = 'container' and a.kind = 'container' and a.name like e.match_like))
            """;

    private static final String SELECT = """
            select e.id, t.slug, e.benchmark_id, e.control_id, e.scope_kind, e.pattern, e.justification, e.state,
                   e.requested_by, e.requested_at, e.decided_by, e.decided_at, e.decision_note, e.expires_at,
                   (select count(*) from remediation_item i where i.excepted_by = e.id)
              from risk_exception e join team t on t.id = e.team_id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Visibility visibility;

    @Inject
    Notifications notifications;

    @Inject
    RemediationConfig config;

    @Transactional
    public Paged<ExceptionView> list(String team, String state, int page, int size) {
        List<UUID> teams =
                team == null || team.isBlank() ? visibility.teamIds() : List.of(visibility.team(team, "?team").id);
        if (state != null
                && !Set.of("requested", "approved", "refused", "expired").contains(state)) {
            throw ProblemException.invalidField("?state", "state must be requested, approved, refused or expired.");
        }
        try (Connection db = dataSource.getConnection()) {
            Array teamIds = db.createArrayOf("uuid", teams.toArray());
            String where = " where e.team_id = any(?) and (?::text is null or e.state = ?)";
            long total;
            try (PreparedStatement count = db.prepareStatement("select count(*) from risk_exception e" + where)) {
                count.setArray(1, teamIds);
                count.setString(2, state);
                count.setString(3, state);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<ExceptionView> items = new ArrayList<>();
            try (PreparedStatement query =
                    db.prepareStatement(SELECT + where + " order by e.requested_at desc, e.id limit ? offset ?")) {
                query.setArray(1, teamIds);
                query.setString(2, state);
                query.setString(3, state);
                query.setInt(4, size);
                query.setLong(5, (long) page * size);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        items.add(view(rows));
                    }
                }
            }
            return new Paged<>(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list exceptions", e);
        }
    }

    @Transactional
    public ExceptionView request(ExceptionRequest body) {
        if (body == null) {
            throw ProblemException.invalidField("", "A JSON body is required.");
        }
        if (body.team() == null || body.team().isBlank()) {
            throw ProblemException.invalidField("/team", "team is required.");
        }
        Team team = visibility.team(body.team(), "/team");
        String benchmark = body.benchmark() == null ? "cis-docker" : body.benchmark();
        String scope = body.scope() == null ? "team" : body.scope();
        if (!SCOPES.contains(scope)) {
            throw ProblemException.invalidField("/scope", "scope must be team, host, image or container.");
        }
        String pattern = "team".equals(scope) ? null : body.pattern();
        if (!"team".equals(scope) && (pattern == null || pattern.isBlank() || pattern.length() > 200)) {
            throw ProblemException.invalidField(
                    "/pattern", "A " + scope + " exception needs a pattern (1–200 characters).");
        }
        String justification =
                body.justification() == null ? "" : body.justification().strip();
        if (justification.length() < 10 || justification.length() > 4000) {
            throw ProblemException.invalidField("/justification", "justification must have 10 to 4000 characters.");
        }
        Instant now = Instant.now();
        if (body.expiresAt() == null || !body.expiresAt().isAfter(now)) {
            throw ProblemException.invalidField("/expiresAt", "expiresAt must be in the future.");
        }
        if (body.expiresAt().isAfter(now.plus(LONGEST))) {
            throw ProblemException.invalidField("/expiresAt", "An exception lasts at most one year.");
        }
        UUID id = UUID.randomUUID();
        try (Connection db = dataSource.getConnection()) {
            if (body.control() == null || !controlExists(db, benchmark, body.control())) {
                throw ProblemException.invalidField(
                        "/control", "No control " + body.control() + " in " + benchmark + ".");
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into risk_exception (tenant_id, id, team_id, benchmark_id, control_id, scope_kind, pattern,
                                                match_like, justification, state, requested_by, expires_at)
                    values (plimsoll_current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)
                    """)) {
                insert.setObject(1, id);
                insert.setObject(2, team.id);
                insert.setString(3, benchmark);
                insert.setString(4, body.control());
                insert.setString(5, scope);
                insert.setString(6, pattern);
                insert.setString(7, pattern == null ? null : like(pattern));
                insert.setString(8, justification);
                insert.setString(9, visibility.actor());
                insert.setTimestamp(10, Timestamp.from(body.expiresAt()));
                insert.executeUpdate();
            }
            Wakeups.register(db, tenantOf(db));
            ExceptionView created = find(db, id);
            notifications.enqueue(db, Notifications.EXCEPTION_REQUESTED, team.id, details(created));
            audit("exception.request", "risk_exception", id.toString(), null, created);
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot request an exception", e);
        }
    }

    /** A security manager approves a request that is not their own; the items it covers become excepted. */
    @Transactional
    public ExceptionView approve(UUID id, ExceptionDecision decision) {
        return decide(id, decision, "approved");
    }

    @Transactional
    public ExceptionView refuse(UUID id, ExceptionDecision decision) {
        return decide(id, decision, "refused");
    }

    private ExceptionView decide(UUID id, ExceptionDecision decision, String to) {
        if (!Roles.SECURITY_MANAGER.equals(visibility.role())) {
            throw ProblemException.forbidden("Only a security manager decides on exceptions.");
        }
        String note = decision == null ? null : decision.note();
        if (note != null && note.length() > 4000) {
            throw ProblemException.invalidField("/note", "note has at most 4000 characters.");
        }
        try (Connection db = dataSource.getConnection()) {
            ExceptionView before = find(db, id);
            if (before == null) {
                throw ProblemException.notFound("Exception " + id);
            }
            if (before.requestedBy().equals(visibility.actor())) {
                throw ProblemException.forbidden("You cannot decide on an exception you requested.");
            }
            if (!"requested".equals(before.state())) {
                throw ProblemException.conflict("The exception is " + before.state() + ", not requested.");
            }
            if ("approved".equals(to) && !before.expiresAt().isAfter(Instant.now())) {
                throw ProblemException.conflict("The exception has already expired.");
            }
            try (PreparedStatement update = db.prepareStatement("""
                    update risk_exception set state = ?, decided_by = ?, decided_at = now(), decision_note = ?,
                           updated_at = now(), version = version + 1
                     where id = ? and state = 'requested'
                    """)) {
                update.setString(1, to);
                update.setString(2, visibility.actor());
                update.setString(3, note);
                update.setObject(4, id);
                if (update.executeUpdate() != 1) {
                    throw ProblemException.conflict("The exception was decided meanwhile.");
                }
            }
            if ("approved".equals(to)) {
                apply(db, "e.id = ?", id);
            }
            ExceptionView after = find(db, id);
            if ("approved".equals(to)) {
                notifications.enqueue(db, Notifications.EXCEPTION_APPROVED, teamOf(db, id), details(after));
            }
            audit(
                    "exception." + ("approved".equals(to) ? "approve" : "refuse"),
                    "risk_exception",
                    id.toString(),
                    before,
                    after);
            return after;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot decide on exception " + id, e);
        }
    }

    /** Marks the items changed in this transaction that an approved exception covers (after a scan). */
    void applyToChangedItems(Connection db) throws SQLException {
        apply(db, "i.updated_at = now()", null);
    }

    /** Marks these items (changed by a scan) where an approved exception covers them. */
    void applyToItems(Connection db, java.util.Collection<UUID> items) throws SQLException {
        if (!items.isEmpty()) {
            apply(
                    db,
                    "i.tenant_id = plimsoll_current_tenant() and i.id = any(?)",
                    db.createArrayOf("uuid", items.toArray()));
        }
    }

    private static void apply(Connection db, String which, Object exception) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                with hit as (
                  update remediation_item i set excepted_by = e.id, updated_at = now(), version = i.version + 1
                    from risk_exception e, asset a
                   where %s and i.excepted_by is null and i.state <> 'resolved'
                     and e.state = 'approved' and e.expires_at > now() and %s
                  returning i.id, i.state, e.id as exception_id
                )
                insert into remediation_event (tenant_id, id, item_id, kind, actor, from_state, to_state, text)
                select plimsoll_current_tenant(), gen_random_uuid(), hit.id, 'excepted', 'exception', hit.state, hit.state,
                       'Covered by exception ' || hit.exception_id
                  from hit
                """.formatted(which, COVERS))) {
            if (exception != null) {
                update.setObject(1, exception);
            }
            update.executeUpdate();
        }
    }

    /**
     * The scheduled part: approved exceptions past their expiry become expired and the items they
     * held open again with a new due date; requests never decided expire too; exceptions that
     * expire soon are announced once. Runs for the current tenant.
     */
    @Transactional
    public int expireDue() {
        try (Connection db = dataSource.getConnection()) {
            List<ExceptionView> expired = new ArrayList<>();
            try (PreparedStatement expire = db.prepareStatement("""
                    update risk_exception set state = 'expired', updated_at = now(), version = version + 1
                     where state in ('approved', 'requested') and expires_at <= now() returning id
                    """);
                    ResultSet rows = expire.executeQuery()) {
                while (rows.next()) {
                    expired.add(find(db, rows.getObject(1, UUID.class)));
                }
            }
            if (!expired.isEmpty()) {
                try (PreparedStatement reopen = db.prepareStatement("""
                        with reopened as (
                          update remediation_item i
                             set excepted_by = null,
                                 state = case when i.state = 'resolved' then 'resolved' else 'open' end,
                                 opened_at = case when i.state = 'resolved' then i.opened_at else now() end,
                                 due_at = case when i.state = 'resolved' then i.due_at
                                          else now() + make_interval(days => plimsoll_sla_days(i.severity)) end,
                                 overdue_notified_at = null, updated_at = now(), version = i.version + 1
                            from risk_exception e
                           where e.id = i.excepted_by and e.state = 'expired'
                          returning i.id, i.state, i.excepted_by
                        )
                        insert into remediation_event (tenant_id, id, item_id, kind, actor, to_state, text)
                        select plimsoll_current_tenant(), gen_random_uuid(), r.id, 'reopened', 'system', r.state,
                               'The exception that covered it expired.'
                          from reopened r where r.state <> 'resolved'
                        """)) {
                    reopen.executeUpdate();
                }
                for (ExceptionView e : expired) {
                    audit("exception.expire", "risk_exception", e.id().toString(), "approved", e);
                }
            }
            Map<UUID, ExceptionView> expiring = new LinkedHashMap<>();
            try (PreparedStatement warn = db.prepareStatement("""
                    update risk_exception set expiry_warned_at = now()
                     where state = 'approved' and expiry_warned_at is null and expires_at <= now() + make_interval(secs => ?)
                    returning id, team_id
                    """)) {
                warn.setLong(1, config.expiryWarning().toSeconds());
                try (ResultSet rows = warn.executeQuery()) {
                    while (rows.next()) {
                        expiring.put(rows.getObject(2, UUID.class), find(db, rows.getObject(1, UUID.class)));
                    }
                }
            }
            for (Map.Entry<UUID, ExceptionView> e : expiring.entrySet()) {
                notifications.enqueue(db, Notifications.EXCEPTION_EXPIRING, e.getKey(), details(e.getValue()));
            }
            return expired.size();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot expire exceptions", e);
        }
    }

    /** '*' and '?' wildcards as a LIKE pattern; LIKE's own wildcards are taken literally. */
    static String like(String glob) {
        return glob.replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
                .replace('*', '%')
                .replace('?', '_');
    }

    private static boolean controlExists(Connection db, String benchmark, String control) throws SQLException {
        try (PreparedStatement query =
                db.prepareStatement("select 1 from control where benchmark_id = ? and control_id = ?")) {
            query.setString(1, benchmark);
            query.setString(2, control);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static UUID tenantOf(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select plimsoll_current_tenant()");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getObject(1, UUID.class);
        }
    }

    private static UUID teamOf(Connection db, UUID exception) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select team_id from risk_exception where id = ?")) {
            query.setObject(1, exception);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getObject(1, UUID.class);
            }
        }
    }

    /** One exception of the caller's visible teams, or null. */
    private ExceptionView find(Connection db, UUID id) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(SELECT + " where e.id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? view(rows) : null;
            }
        }
    }

    private static Map<String, Object> details(ExceptionView e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exception", e.id().toString());
        details.put("control", e.control());
        details.put("scope", e.scope());
        details.put("pattern", e.pattern() == null ? "" : e.pattern());
        details.put("requestedBy", e.requestedBy());
        details.put("expiresAt", e.expiresAt().toString());
        return details;
    }

    private static ExceptionView view(ResultSet rows) throws SQLException {
        Timestamp decided = rows.getTimestamp(12);
        return new ExceptionView(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                rows.getTimestamp(10).toInstant(),
                rows.getString(11),
                decided == null ? null : decided.toInstant(),
                rows.getString(13),
                rows.getTimestamp(14).toInstant(),
                rows.getLong(15));
    }

    /** Every change of an exception, written to the audit log; the dashboards show approved ones. */
    private void audit(String action, String type, String id, Object before, Object after) {
        auditLog.record(action, type, id, before, after);
        changes.changed();
    }
}
