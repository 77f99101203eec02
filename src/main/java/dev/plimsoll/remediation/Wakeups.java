package dev.plimsoll.remediation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The tenants the remediation jobs visit. Jobs run without a tenant, and row-level security
 * hides every tenant table from them; this list holds tenant ids only.
 */
final class Wakeups {

    private Wakeups() {}

    static void register(Connection db, UUID tenantId) throws SQLException {
        try (PreparedStatement insert =
                db.prepareStatement("insert into remediation_wakeup (tenant_id) values (?) on conflict do nothing")) {
            insert.setObject(1, tenantId);
            insert.executeUpdate();
        }
    }

    static List<UUID> all(Connection db) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("select tenant_id from remediation_wakeup");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tenants.add(rows.getObject(1, UUID.class));
            }
        }
        return tenants;
    }
}
