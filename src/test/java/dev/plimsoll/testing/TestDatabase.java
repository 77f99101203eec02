package dev.plimsoll.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL database for tests and the demo, prepared the way production is: an owner role
 * that runs the migrations and an application role that is neither owner nor superuser.
 *
 * <p>The server is the one named by {@code PLIMSOLL_TEST_DATABASE_URL} (a JDBC URL of a role that
 * may create roles and databases, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}),
 * otherwise an embedded PostgreSQL started here.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String SERVER_URL_VARIABLE = "PLIMSOLL_TEST_DATABASE_URL";

    public static final String OWNER = "plimsoll_test_owner";
    public static final String APP = "plimsoll_test_app";
    public static final String PASSWORD = "plimsoll-test";

    private final EmbeddedPostgres embedded;
    private final String serverUrl;
    private final String database;

    private TestDatabase(EmbeddedPostgres embedded, String serverUrl, String database) {
        this.embedded = embedded;
        this.serverUrl = serverUrl;
        this.database = database;
    }

    /** Starts (or connects to) a server and creates a fresh database with the two roles. */
    public static TestDatabase create(String databasePrefix) {
        return create(databasePrefix, null);
    }

    /**
     * As {@link #create(String)}, trying {@code fallbackServerUrl} when the embedded server cannot
     * start (where user namespaces are blocked, initdb refuses to run as root).
     */
    public static TestDatabase create(String databasePrefix, String fallbackServerUrl) {
        String configured = System.getenv(SERVER_URL_VARIABLE);
        EmbeddedPostgres embedded = null;
        String serverUrl;
        if (configured != null && !configured.isBlank()) {
            serverUrl = configured;
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
                serverUrl = embedded.getJdbcUrl("postgres", "postgres");
            } catch (IOException | RuntimeException e) {
                if (fallbackServerUrl == null) {
                    throw new IllegalStateException(
                            "No PostgreSQL: set " + SERVER_URL_VARIABLE
                                    + " (e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres) or allow the embedded one to start ("
                                    + e.getMessage() + ")",
                            e);
                }
                System.err.println(
                        "The embedded PostgreSQL did not start (" + e.getMessage() + "); using " + fallbackServerUrl);
                serverUrl = fallbackServerUrl;
            }
        }
        String database = databasePrefix + "_"
                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        TestDatabase db = new TestDatabase(embedded, serverUrl, database);
        db.prepare();
        return db;
    }

    private void prepare() {
        try (Connection admin = DriverManager.getConnection(serverUrl);
                Statement sql = admin.createStatement()) {
            for (String role : new String[] {OWNER, APP}) {
                sql.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role
                        + "') then create role " + role + " login password '" + PASSWORD + "'; end if; end $$");
            }
            sql.execute("create database " + database + " owner " + OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database on " + serverUrl, e);
        }
        try (Connection admin = DriverManager.getConnection(adminUrl());
                Statement sql = admin.createStatement()) {
            // PostgreSQL 15 no longer lets every role create in public: the owner needs it.
            sql.execute("grant all on schema public to " + OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database schema", e);
        }
    }

    /** The JDBC URL of the test database, without credentials. */
    public String jdbcUrl() {
        String base = serverUrl.substring(0, serverUrl.indexOf('/', "jdbc:postgresql://".length()));
        return base + "/" + database;
    }

    /** A superuser (or administrator) URL of the test database, for fixtures that must see every tenant. */
    public String adminUrl() {
        String query = serverUrl.contains("?") ? serverUrl.substring(serverUrl.indexOf('?')) : "";
        return jdbcUrl() + query;
    }

    public String database() {
        return database;
    }

    @Override
    public void close() {
        try (Connection admin = DriverManager.getConnection(serverUrl);
                Statement sql = admin.createStatement()) {
            sql.execute("drop database if exists " + database + " with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("Could not stop the embedded PostgreSQL: " + e.getMessage());
            }
        }
    }
}
