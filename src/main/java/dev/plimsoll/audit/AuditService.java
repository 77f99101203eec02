package dev.plimsoll.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Reads the current tenant's audit trail (row-level security keeps it to that tenant) and
 * verifies its hash chain.
 */
@ApplicationScoped
public class AuditService {

    /** The most events one export answers; narrow the filter (e.g. by time) for more. */
    public static final int MAX_EXPORT = 100_000;

    private static final String COLUMNS = """
            seq, id, occurred_at, actor_kind, actor, actor_label, source_ip, user_agent, action,
            target_type, target_id, before::text, after::text, prev_hash, hash, tenant_id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** A page of events matching {@code filter}, newest first; {@code page} counts from 0. */
    @Transactional
    public AuditEventList list(AuditFilter filter, int page, int size) {
        Where where = Where.of(filter);
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count =
                    connection.prepareStatement("select count(*) from audit_event" + where.sql())) {
                where.bind(count);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<AuditEvent> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select " + COLUMNS + " from audit_event" + where.sql() + " order by seq desc limit ? offset ?")) {
                int next = where.bind(select);
                select.setInt(next, size);
                select.setLong(next + 1, (long) page * size);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(event(rows));
                    }
                }
            }
            return new AuditEventList(items, total, page, size);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the audit log", e);
        }
    }

    /**
     * Every event matching {@code filter}, oldest first, for an export; at most {@link #MAX_EXPORT}
     * ({@code truncated} says when more matched).
     */
    @Transactional
    public Export export(AuditFilter filter) {
        Where where = Where.of(filter);
        List<AuditEvent> items = new ArrayList<>();
        boolean truncated = false;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select " + COLUMNS + " from audit_event" + where.sql() + " order by seq limit ?")) {
            int next = where.bind(select);
            select.setInt(next, MAX_EXPORT + 1);
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (items.size() == MAX_EXPORT) {
                        truncated = true;
                        break;
                    }
                    items.add(event(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot export the audit log", e);
        }
        return new Export(items, truncated);
    }

    /** The events of an export, and whether the limit cut it short. */
    public record Export(List<AuditEvent> items, boolean truncated) {}

    /**
     * Walks the whole chain of the current tenant: every event's hash recomputed, every link to
     * its predecessor, seq without gaps, and the end against the recorded head.
     */
    @Transactional
    public AuditVerification verify() {
        AuditChain.Walk walk = new AuditChain.Walk();
        Long headSeq = null;
        byte[] headHash = null;
        // One statement, so the events and the head come from one snapshot even while other
        // transactions append. The outer row exists even when there are no events (or no head).
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select e.seq, e.id, e.occurred_at, e.actor_kind, e.actor, e.actor_label, e.source_ip,
                               e.user_agent, e.action, e.target_type, e.target_id, e.before::text, e.after::text,
                               e.prev_hash, e.hash, e.tenant_id, h.seq, h.hash
                          from (select 1) one
                          left join audit_head h on true
                          left join audit_event e on true
                         order by e.seq
                        """)) {
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getObject(17) != null) {
                        headSeq = rows.getLong(17);
                        headHash = rows.getBytes(18);
                    }
                    if (rows.getObject(1) != null) {
                        walk.accept(link(rows));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot verify the audit log", e);
        }
        return walk.result(headSeq, headHash);
    }

    private static AuditChain.Link link(ResultSet rows) throws SQLException {
        return new AuditChain.Link(
                rows.getString(16),
                rows.getLong(1),
                rows.getString(2),
                rows.getObject(3, OffsetDateTime.class).toInstant(),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                rows.getString(10),
                rows.getString(11),
                rows.getString(12),
                rows.getString(13),
                rows.getBytes(14),
                rows.getBytes(15));
    }

    private AuditEvent event(ResultSet rows) throws SQLException {
        byte[] prev = rows.getBytes(14);
        return new AuditEvent(
                rows.getLong(1),
                rows.getObject(2, UUID.class),
                rows.getObject(3, OffsetDateTime.class).toInstant(),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                rows.getString(10),
                rows.getString(11),
                tree(rows.getString(12)),
                tree(rows.getString(13)),
                prev == null ? null : HexFormat.of().formatHex(prev),
                HexFormat.of().formatHex(rows.getBytes(15)));
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The audit log holds JSON that cannot be read", e);
        }
    }

    /** The SQL condition of a filter and its parameters, in order. */
    private record Where(String sql, List<Object> parameters) {

        static Where of(AuditFilter filter) {
            List<String> conditions = new ArrayList<>();
            List<Object> parameters = new ArrayList<>();
            if (filter.from() != null) {
                conditions.add("occurred_at >= ?");
                parameters.add(Timestamp.from(filter.from()));
            }
            if (filter.to() != null) {
                conditions.add("occurred_at < ?");
                parameters.add(Timestamp.from(filter.to()));
            }
            if (filter.actor() != null) {
                conditions.add("(actor = ? or lower(actor_label) = lower(?))");
                parameters.add(filter.actor());
                parameters.add(filter.actor());
            }
            if (filter.action() != null) {
                conditions.add("action = ?");
                parameters.add(filter.action());
            }
            if (filter.targetType() != null) {
                conditions.add("target_type = ?");
                parameters.add(filter.targetType());
            }
            if (filter.targetId() != null) {
                conditions.add("target_id = ?");
                parameters.add(filter.targetId());
            }
            return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), parameters);
        }

        /** Binds the parameters; answers the index of the next one. */
        int bind(PreparedStatement statement) throws SQLException {
            int i = 1;
            for (Object parameter : parameters) {
                statement.setObject(i++, parameter);
            }
            return i;
        }
    }
}
