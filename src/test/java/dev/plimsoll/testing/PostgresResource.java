package dev.plimsoll.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives every Quarkus test run its own database, with the production role layout. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Where fixtures find a connection that sees every tenant. */
    public static final String ADMIN_URL_PROPERTY = "plimsoll.test.admin-jdbc-url";

    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create("plimsoll_test");
        System.setProperty(ADMIN_URL_PROPERTY, database.adminUrl());
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", TestDatabase.APP,
                "quarkus.datasource.password", TestDatabase.PASSWORD,
                "quarkus.datasource.owner.username", TestDatabase.OWNER,
                "quarkus.datasource.owner.password", TestDatabase.PASSWORD,
                "plimsoll.database.app-role", TestDatabase.APP);
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
