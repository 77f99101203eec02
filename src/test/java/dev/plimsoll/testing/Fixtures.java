package dev.plimsoll.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Builds test data straight in the database with an administrator connection (which sees every
 * tenant). Every test makes its own tenant with unique names, so tests never depend on each other.
 */
public final class Fixtures {

    private Fixtures() {}

    /** A tenant with unique slug; returns a builder for its teams and members. */
    public static TenantFixture tenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
        UUID id = UUID.randomUUID();
        update("insert into tenant (id, slug, name) values (?, ?, ?)", id, slug, "Tenant " + slug);
        return new TenantFixture(id, slug);
    }

    /** A tenant, its teams and members. */
    public record TenantFixture(UUID id, String slug) {

        /** Recomputes a team's daily rollups for the days from {@code from} to {@code to}, as ingestion does. */
        public void refreshRollups(UUID team, java.time.LocalDate from, java.time.LocalDate to) {
            try (Connection db = DriverManager.getConnection(adminUrl());
                    PreparedStatement set = db.prepareStatement("select set_config('plimsoll.tenant', ?, false)");
                    PreparedStatement refresh = db.prepareStatement("select plimsoll_refresh_rollups(?, ?, ?)")) {
                set.setString(1, id.toString());
                set.execute();
                refresh.setObject(1, team);
                refresh.setObject(2, from);
                refresh.setObject(3, to);
                refresh.execute();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        public UUID team(String teamSlug) {
            UUID team = UUID.randomUUID();
            update(
                    "insert into team (tenant_id, id, slug, name) values (?, ?, ?, ?)",
                    id,
                    team,
                    teamSlug,
                    "Team " + teamSlug);
            return team;
        }

        /** A collector token of one team; returns the secret to send as {@code Authorization: Bearer}. */
        public String collector(UUID team) {
            String token = dev.plimsoll.identity.CollectorTokenSecrets.generate();
            update(
                    "insert into collector_token (tenant_id, id, team_id, name, prefix, secret_hash, created_by)"
                            + " values (?, ?, ?, ?, ?, ?, ?)",
                    id,
                    UUID.randomUUID(),
                    team,
                    "test collector",
                    dev.plimsoll.identity.CollectorTokenSecrets.displayPrefix(token),
                    dev.plimsoll.identity.CollectorTokenSecrets.hash(token),
                    "fixtures");
            return token;
        }

        /** A member already bound to {@code subject}; returns the token to call the API as them. */
        public String member(String role, UUID... teams) {
            String subject = "user-" + UUID.randomUUID();
            String email = subject + "@" + slug + ".example";
            UUID membership = UUID.randomUUID();
            update(
                    "insert into membership (tenant_id, id, email, subject, role, bound_at) values (?, ?, ?, ?, ?, now())",
                    id,
                    membership,
                    email,
                    subject,
                    role);
            for (UUID team : teams) {
                update(
                        "insert into membership_team (tenant_id, membership_id, team_id) values (?, ?, ?)",
                        id,
                        membership,
                        team);
            }
            return Tokens.person(subject, email);
        }
    }

    public static void update(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(adminUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Fixture failed: " + sql, e);
        }
    }

    public static String adminUrl() {
        String url = System.getProperty(PostgresResource.ADMIN_URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException("The test database has not been started");
        }
        return url;
    }
}
