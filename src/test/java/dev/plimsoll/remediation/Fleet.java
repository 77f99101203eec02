package dev.plimsoll.remediation;

import dev.plimsoll.testing.Fixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A tenant with a team, hosts and containers whose control-state intervals the tests write with
 * SQL the way ingestion does: a scan closes the intervals whose status changed and opens new ones.
 */
final class Fleet {

    final Fixtures.TenantFixture tenant = Fixtures.tenant();
    final UUID team;
    final String teamSlug;

    Fleet(String teamSlug) {
        this.teamSlug = teamSlug;
        this.team = tenant.team(teamSlug);
    }

    Fleet() {
        this("payments");
    }

    UUID host(String name, Instant firstSeen) {
        UUID host = UUID.randomUUID();
        Fixtures.update(
                "insert into asset (tenant_id, id, team_id, kind, natural_key, name, first_seen, last_seen)"
                        + " values (?, ?, ?, 'host', ?, ?, ?, ?)",
                tenant.id(),
                host,
                team,
                "machine-" + host,
                name,
                Timestamp.from(firstSeen),
                Timestamp.from(firstSeen));
        return host;
    }

    UUID container(UUID host, String name, String image, Instant firstSeen) {
        UUID container = UUID.randomUUID();
        Fixtures.update(
                "insert into asset (tenant_id, id, team_id, kind, natural_key, host_id, name, image_ref, first_seen, last_seen)"
                        + " values (?, ?, ?, 'container', ?, ?, ?, ?, ?, ?)",
                tenant.id(),
                container,
                team,
                host + "/" + name,
                host,
                name,
                image,
                Timestamp.from(firstSeen),
                Timestamp.from(firstSeen));
        return container;
    }

    UUID scan(UUID host, Instant at) {
        UUID scan = UUID.randomUUID();
        Fixtures.update(
                "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version,"
                        + " started_at, finished_at, result_count, passed, failed, content_sha256)"
                        + " values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', ?, ?, 0, 0, 0, '\\x00')",
                tenant.id(),
                scan,
                team,
                host,
                Timestamp.from(at),
                Timestamp.from(at));
        return scan;
    }

    /**
     * The status of (asset, control) seen by {@code scan} at {@code at}, written as ingestion
     * writes it: unchanged moves last_seen; a change closes the interval covering {@code at} and
     * opens a new one (an older scan splits the interval it falls into).
     */
    void result(UUID scan, Instant at, UUID asset, String control, String status) {
        Timestamp t = Timestamp.from(at);
        String covering = query(
                "select status || '|' || valid_from::text || '|' || coalesce(valid_to::text, '') from control_state"
                        + " where tenant_id = ? and asset_id = ? and control_id = ? and valid_from <= ?"
                        + " and (valid_to is null or valid_to > ?)",
                tenant.id(),
                asset,
                control,
                t,
                t);
        if (covering != null && covering.startsWith(status + "|")) {
            Fixtures.update(
                    "update control_state set last_seen = greatest(last_seen, ?) where tenant_id = ? and asset_id = ?"
                            + " and control_id = ? and valid_from <= ? and (valid_to is null or valid_to > ?)",
                    t,
                    tenant.id(),
                    asset,
                    control,
                    t,
                    t);
            return;
        }
        String until = null;
        String untilScan = null;
        String untilReason = null;
        if (covering != null) {
            // Split: the covering interval ends at T; the new one lasts until the covering one ended.
            String[] old = query(
                            "select coalesce(valid_to::text, '') || '|' || coalesce(closed_by_scan::text, '') || '|'"
                                    + " || coalesce(close_reason, '') from control_state where tenant_id = ?"
                                    + " and asset_id = ? and control_id = ? and valid_from <= ?"
                                    + " and (valid_to is null or valid_to > ?)",
                            tenant.id(),
                            asset,
                            control,
                            t,
                            t)
                    .split("\\|", -1);
            until = old[0].isEmpty() ? null : old[0];
            untilScan = old[1].isEmpty() ? null : old[1];
            untilReason = old[2].isEmpty() ? null : old[2];
            Fixtures.update(
                    "update control_state set valid_to = ?, closed_by_scan = ?, close_reason = 'changed'"
                            + " where tenant_id = ? and asset_id = ? and control_id = ? and valid_from <= ?"
                            + " and (valid_to is null or valid_to > ?)",
                    t,
                    scan,
                    tenant.id(),
                    asset,
                    control,
                    t,
                    t);
        }
        Fixtures.update(
                "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from,"
                        + " valid_to, team_id, status, last_seen, opened_by_scan, closed_by_scan, close_reason)"
                        + " values (?, ?, 'cis-docker', '1.6.0', ?, ?, ?::timestamptz, ?, ?, ?, ?, ?::uuid, ?)",
                tenant.id(),
                asset,
                control,
                t,
                until,
                team,
                status,
                t,
                scan,
                untilScan,
                untilReason);
    }

    /** The container left its host: every open interval closes with reason gone. */
    void gone(UUID scan, Instant at, UUID asset) {
        Fixtures.update(
                "update control_state set valid_to = ?, closed_by_scan = ?, close_reason = 'gone'"
                        + " where tenant_id = ? and asset_id = ? and valid_to is null",
                Timestamp.from(at),
                scan,
                tenant.id(),
                asset);
        Fixtures.update(
                "update asset set gone_at = ? where tenant_id = ? and id = ?", Timestamp.from(at), tenant.id(), asset);
    }

    static String query(String sql, Object... parameters) {
        List<String> rows = column(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static List<String> column(String sql, Object... parameters) {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return values;
    }
}
