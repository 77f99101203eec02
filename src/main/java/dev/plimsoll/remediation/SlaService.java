package dev.plimsoll.remediation;

import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.platform.error.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The tenant's SLA policy: days to fix by severity. A change moves the due dates of every item
 * not yet resolved (due = start of its current failure + the new days).
 */
@ApplicationScoped
public class SlaService {

    @Inject
    AuditLog auditLog;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Visibility visibility;

    @Transactional
    public SlaPolicy get() {
        try (Connection db = dataSource.getConnection()) {
            return read(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the SLA policy", e);
        }
    }

    @Transactional
    public SlaPolicy put(SlaPolicy policy) {
        if (policy == null) {
            throw ProblemException.invalidField("", "A JSON body is required.");
        }
        check("/critical", policy.critical());
        check("/high", policy.high());
        check("/medium", policy.medium());
        check("/low", policy.low());
        try (Connection db = dataSource.getConnection()) {
            SlaPolicy before = read(db);
            try (PreparedStatement upsert = db.prepareStatement("""
                    insert into sla_policy (tenant_id, critical_days, high_days, medium_days, low_days, updated_by)
                    values (plimsoll_current_tenant(), ?, ?, ?, ?, ?)
                    on conflict (tenant_id) do update
                       set critical_days = excluded.critical_days, high_days = excluded.high_days,
                           medium_days = excluded.medium_days, low_days = excluded.low_days,
                           updated_by = excluded.updated_by, updated_at = now()
                    """)) {
                upsert.setInt(1, policy.critical());
                upsert.setInt(2, policy.high());
                upsert.setInt(3, policy.medium());
                upsert.setInt(4, policy.low());
                upsert.setString(5, visibility.actor());
                upsert.executeUpdate();
            }
            try (PreparedStatement due = db.prepareStatement("""
                    update remediation_item set due_at = opened_at + make_interval(days => plimsoll_sla_days(severity)),
                           overdue_notified_at = null, updated_at = now(), version = version + 1
                     where state <> 'resolved'
                       and due_at <> opened_at + make_interval(days => plimsoll_sla_days(severity))
                    """)) {
                due.executeUpdate();
            }
            SlaPolicy after = read(db);
            audit("sla-policy.change", "sla_policy", null, before, after);
            return after;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot change the SLA policy", e);
        }
    }

    private static void check(String pointer, Integer days) {
        if (days == null || days < 1 || days > 3650) {
            throw ProblemException.invalidField(pointer, pointer.substring(1) + " must be 1 to 3650 days.");
        }
    }

    private static SlaPolicy read(Connection db) throws SQLException {
        try (PreparedStatement query =
                        db.prepareStatement("select critical_days, high_days, medium_days, low_days from sla_policy");
                ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return SlaPolicy.DEFAULTS;
            }
            return new SlaPolicy(rows.getInt(1), rows.getInt(2), rows.getInt(3), rows.getInt(4));
        }
    }

    /** Every change of the policy, written to the audit log. */
    private void audit(String action, String type, String id, Object before, Object after) {
        auditLog.record(action, type, id, before, after);
    }
}
