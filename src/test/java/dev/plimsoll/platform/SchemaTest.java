package dev.plimsoll.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The schema as migrated from {@code migrations/}: the application started, so Hibernate found
 * it valid; these tests check the role layout and the database wall that tenancy relies on.
 */
@QuarkusTest
class SchemaTest {

    static final List<String> TENANT_TABLES = List.of(
            "team",
            "membership",
            "membership_team",
            "collector_token",
            "asset",
            "scan",
            "scan_document",
            "control_state",
            "posture_rollup_daily",
            "audit_event",
            "audit_head");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void the_application_role_is_neither_superuser_nor_owner_of_anything() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            ResultSet role = sql.executeQuery(
                    "select current_user, rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user");
            assertThat(role.next()).isTrue();
            assertThat(role.getString(1)).isEqualTo(TestDatabase.APP);
            assertThat(role.getBoolean(2)).as("superuser").isFalse();
            assertThat(role.getBoolean(3)).as("bypasses row-level security").isFalse();
            ResultSet owned =
                    sql.executeQuery("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user");
            owned.next();
            assertThat(owned.getInt(1))
                    .as("objects owned by the application role")
                    .isZero();
        }
    }

    @Test
    void every_tenant_table_forces_row_level_security() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(
                        "select relname, relrowsecurity, relforcerowsecurity from pg_class where relname = any(array["
                                + String.join(
                                        ",",
                                        TENANT_TABLES.stream()
                                                .map(t -> "'" + t + "'")
                                                .toList())
                                + ", 'tenant'])")) {
            List<String> checked = new ArrayList<>();
            while (rows.next()) {
                assertThat(rows.getBoolean(2))
                        .as(rows.getString(1) + " has row-level security")
                        .isTrue();
                assertThat(rows.getBoolean(3))
                        .as(rows.getString(1) + " forces it")
                        .isTrue();
                checked.add(rows.getString(1));
            }
            assertThat(checked).hasSize(TENANT_TABLES.size() + 1);
        }
    }

    @Test
    void every_tenant_table_leads_its_primary_key_with_the_tenant() throws SQLException {
        try (Connection connection = DriverManager.getConnection(Fixtures.adminUrl());
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("""
                        select c.relname, a.attname
                          from pg_index i join pg_class c on c.oid = i.indrelid
                          join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
                         where i.indisprimary and c.relnamespace = 'public'::regnamespace
                        """)) {
            List<String> checked = new ArrayList<>();
            while (rows.next()) {
                if (TENANT_TABLES.contains(rows.getString(1))) {
                    assertThat(rows.getString(2)).as(rows.getString(1)).isEqualTo("tenant_id");
                    checked.add(rows.getString(1));
                }
            }
            assertThat(checked).containsExactlyInAnyOrderElementsOf(TENANT_TABLES);
        }
    }

    @Test
    void without_a_tenant_the_application_role_reads_no_rows() throws SQLException {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("visible-only-to-its-tenant");
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            assertThat(count(sql, "select count(*) from team")).isZero();
            assertThat(count(sql, "select count(*) from tenant")).isZero();
            // An emptied setting (as a pooled connection may carry after a transaction) reads as no tenant too.
            sql.execute("select set_config('plimsoll.tenant', '', false)");
            assertThat(count(sql, "select count(*) from team")).isZero();
        }
    }

    @Test
    @Transactional
    void with_a_tenant_set_the_application_role_sees_only_that_tenant() throws SQLException {
        Fixtures.TenantFixture mine = Fixtures.tenant();
        Fixtures.TenantFixture theirs = Fixtures.tenant();
        mine.team("mine");
        theirs.team("theirs");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement set = connection.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
            set.setString(1, mine.id().toString());
            set.execute();
            try (Statement sql = connection.createStatement();
                    ResultSet rows = sql.executeQuery("select slug from team")) {
                List<String> slugs = new ArrayList<>();
                while (rows.next()) {
                    slugs.add(rows.getString(1));
                }
                assertThat(slugs).containsExactly("mine");
            }
        }
    }

    @Test
    void the_application_role_cannot_write_a_row_for_another_tenant() throws SQLException {
        Fixtures.TenantFixture mine = Fixtures.tenant();
        Fixtures.TenantFixture theirs = Fixtures.tenant();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement set = connection.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
                set.setString(1, mine.id().toString());
                set.execute();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into team (tenant_id, id, slug, name) values (?, ?, 'intruder', 'Intruder')")) {
                insert.setObject(1, theirs.id());
                insert.setObject(2, UUID.randomUUID());
                SQLException refused = assertThrows(SQLException.class, insert::executeUpdate);
                assertThat(refused.getMessage()).contains("row-level security");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    @Test
    void the_audit_log_cannot_be_changed_by_the_application() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            SQLException refused =
                    assertThrows(SQLException.class, () -> sql.executeUpdate("update audit_event set actor = 'x'"));
            assertThat(refused.getMessage()).contains("permission denied");
        }
    }

    private static int count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
