package dev.plimsoll.platform.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Warns at start-up when the application's database role would bypass row-level security
 * (superuser or BYPASSRLS): the application wall still holds, but the database wall would not.
 */
@ApplicationScoped
public class DatabaseRoleCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseRoleCheck.class);

    @Inject
    AgroalDataSource dataSource;

    void onStart(@Observes StartupEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "select current_user, rolsuper or rolbypassrls from pg_roles where rolname = current_user")) {
            if (row.next() && row.getBoolean(2)) {
                LOG.warnf(
                        "The application connects to PostgreSQL as \"%s\", which bypasses row-level security; "
                                + "connect as the application role instead (see docs/database.md).",
                        row.getString(1));
            }
        }
    }
}
