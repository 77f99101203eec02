package dev.plimsoll.remediation;

import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.Team;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Notification targets of the tenant (org admins), each with its delivery log. */
@ApplicationScoped
public class TargetService {

    @Inject
    AuditLog auditLog;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Visibility visibility;

    @Transactional
    public Paged<TargetView> list() {
        try (Connection db = dataSource.getConnection()) {
            List<TargetView> targets = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement("""
                            select n.id, n.name, n.kind, n.address, n.events, t.slug, n.created_at
                              from notification_target n left join team t on t.id = n.team_id
                             order by n.created_at, n.id
                            """);
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    targets.add(view(db, rows, null));
                }
            }
            return new Paged<>(targets, targets.size());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list notification targets", e);
        }
    }

    @Transactional
    public TargetView create(TargetRequest body) {
        if (body == null) {
            throw ProblemException.invalidField("", "A JSON body is required.");
        }
        if (body.name() == null || body.name().isBlank() || body.name().length() > 200) {
            throw ProblemException.invalidField("/name", "name must have 1 to 200 characters.");
        }
        String kind = body.kind();
        if (!List.of("webhook", "slack", "email").contains(kind)) {
            throw ProblemException.invalidField("/kind", "kind must be webhook, slack or email.");
        }
        String address = body.address() == null ? "" : body.address().strip();
        if ("email".equals(kind)) {
            if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || address.length() > 320) {
                throw ProblemException.invalidField("/address", "address must be an e-mail address.");
            }
        } else if (!isHttpUrl(address)) {
            throw ProblemException.invalidField("/address", "address must be an http or https URL.");
        }
        List<String> events = body.events() == null || body.events().isEmpty() ? Notifications.EVENTS : body.events();
        for (String event : events) {
            if (!Notifications.EVENTS.contains(event)) {
                throw ProblemException.invalidField(
                        "/events", "Unknown event " + event + "; known: " + String.join(", ", Notifications.EVENTS));
            }
        }
        Team team = body.team() == null || body.team().isBlank() ? null : visibility.team(body.team(), "/team");
        String secret = "webhook".equals(kind) ? "whsec_" + HexFormat.of().formatHex(random(32)) : null;
        UUID id = UUID.randomUUID();
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into notification_target (tenant_id, id, name, kind, address, secret, events, team_id, created_by)
                    values (plimsoll_current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                insert.setObject(1, id);
                insert.setString(2, body.name().strip());
                insert.setString(3, kind);
                insert.setString(4, address);
                insert.setString(5, secret);
                insert.setArray(6, db.createArrayOf("text", events.toArray()));
                insert.setObject(7, team == null ? null : team.id);
                insert.setString(8, visibility.actor());
                insert.executeUpdate();
            }
            try (PreparedStatement query = db.prepareStatement("select plimsoll_current_tenant()");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                Wakeups.register(db, rows.getObject(1, UUID.class));
            }
            TargetView created = find(db, id, secret);
            audit("notification-target.create", "notification_target", id.toString(), null, created);
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a notification target", e);
        }
    }

    @Transactional
    public void delete(UUID id) {
        try (Connection db = dataSource.getConnection()) {
            TargetView before = find(db, id, null);
            if (before == null) {
                throw ProblemException.notFound("Notification target " + id);
            }
            try (PreparedStatement delete = db.prepareStatement("delete from notification_target where id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
            audit("notification-target.delete", "notification_target", id.toString(), before, null);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete notification target " + id, e);
        }
    }

    private TargetView find(Connection db, UUID id, String secret) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("""
                select n.id, n.name, n.kind, n.address, n.events, t.slug, n.created_at
                  from notification_target n left join team t on t.id = n.team_id where n.id = ?
                """)) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? view(db, rows, secret) : null;
            }
        }
    }

    private static TargetView view(Connection db, ResultSet rows, String secret) throws SQLException {
        UUID id = rows.getObject(1, UUID.class);
        Array events = rows.getArray(5);
        List<TargetView.Delivery> deliveries = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("""
                select id, event, state, attempts, last_status, last_error, created_at, delivered_at
                  from notification_delivery where target_id = ? order by created_at desc, id limit 20
                """)) {
            query.setObject(1, id);
            try (ResultSet d = query.executeQuery()) {
                while (d.next()) {
                    Timestamp delivered = d.getTimestamp(8);
                    deliveries.add(new TargetView.Delivery(
                            d.getObject(1, UUID.class),
                            d.getString(2),
                            d.getString(3),
                            d.getInt(4),
                            (Integer) d.getObject(5),
                            d.getString(6),
                            d.getTimestamp(7).toInstant(),
                            delivered == null ? null : delivered.toInstant()));
                }
            }
        }
        return new TargetView(
                id,
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                Arrays.asList((String[]) events.getArray()),
                rows.getString(6),
                secret,
                rows.getTimestamp(7).toInstant(),
                deliveries);
    }

    private static boolean isHttpUrl(String address) {
        try {
            URI uri = URI.create(address);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && address.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    /** Every change of a target, written to the audit log. */
    private void audit(String action, String type, String id, Object before, Object after) {
        auditLog.record(action, type, id, before, after);
    }
}
