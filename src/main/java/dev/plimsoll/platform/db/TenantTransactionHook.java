package dev.plimsoll.platform.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The database wall: at the start of every transaction the tenant is written into the
 * transaction-local setting {@code plimsoll.tenant} that the row-level security policies read.
 * The datasource hands back the connection enlisted in the transaction, so Hibernate and plain
 * JDBC in that transaction see the same setting; being transaction-local, it never travels with
 * a pooled connection into another request. Without a tenant the setting is emptied and every
 * tenant table reads as empty.
 */
@ApplicationScoped
public class TenantTransactionHook {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    TransactionManager transactions;

    void onBegin(@Observes @Initialized(TransactionScoped.class) Object event) throws SQLException {
        String tenant = tenants.current().map(Object::toString).orElse("");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
            statement.setString(1, tenant);
            statement.execute();
        } catch (SQLException | RuntimeException e) {
            // The database is unreachable. The transaction has begun but its begin fails, so
            // @Transactional will not end it: roll it back here, or it would stay on this worker
            // thread and the next unit of work there would join it (and never commit).
            try {
                transactions.rollback();
            } catch (Exception rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }
}
