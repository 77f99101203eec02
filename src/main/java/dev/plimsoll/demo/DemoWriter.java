package dev.plimsoll.demo;

import dev.plimsoll.platform.db.TenantChanges;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes one demo tenant in one transaction, as its own tenant (row-level security applies).
 * The history is generated per (asset, control): a starting status and at most a fix or a
 * regression over the period, drifting each team's score the way its plan says.
 */
@ApplicationScoped
class DemoWriter {

    private static final String[] IMAGES = {
        "nginx:1.27", "postgres:16", "redis:7.4", "registry.acme.test/payments-api:2.3.1",
        "registry.acme.test/ledger:1.9.0", "grafana/grafana:11.2.0", "python:3.12-slim", "node:22-alpine"
    };

    private static final String[] ROLES = {"api", "worker", "db", "cache", "proxy", "batch"};

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantChanges changes;

    record ControlRef(String benchmark, String version, String id, String title, String severity) {}

    @Transactional
    int writeIfAbsent(DemoFleet.TenantPlan plan) {
        try (Connection db = dataSource.getConnection()) {
            if (exists(db, plan.id())) {
                return 0;
            }
            changes.changed();
            return write(db, plan);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write demo data for " + plan.slug(), e);
        }
    }

    private int write(Connection db, DemoFleet.TenantPlan plan) throws SQLException {
        UUID tenant = plan.id();
        update(db, "insert into tenant (id, slug, name) values (?, ?, ?)", tenant, plan.slug(), plan.name());
        for (DemoFleet.TeamPlan team : plan.teams()) {
            update(
                    db,
                    "insert into team (tenant_id, id, slug, name) values (?, ?, ?, ?)",
                    tenant,
                    teamId(plan, team),
                    team.slug(),
                    team.name());
        }
        for (DemoFleet.Person person : plan.people()) {
            UUID membership = DemoFleet.id(plan.slug() + ":member:" + person.email());
            update(
                    db,
                    "insert into membership (tenant_id, id, email, role) values (?, ?, ?, ?)",
                    tenant,
                    membership,
                    person.email(),
                    person.role());
            for (String team : person.teams()) {
                DemoFleet.TeamPlan teamPlan = plan.teams().stream()
                        .filter(t -> t.slug().equals(team))
                        .findFirst()
                        .orElseThrow();
                update(
                        db,
                        "insert into membership_team (tenant_id, membership_id, team_id) values (?, ?, ?)",
                        tenant,
                        membership,
                        teamId(plan, teamPlan));
            }
        }
        List<ControlRef> hostControls = controls(db, "scope in ('host', 'daemon', 'daemon-files')");
        List<ControlRef> containerControls = controls(db, "scope = 'container'");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate firstDay = today.minusDays(DemoFleet.HISTORY_DAYS);
        int intervals = 0;
        try (Batches batches = new Batches(db)) {
            for (DemoFleet.TeamPlan team : plan.teams()) {
                UUID teamId = teamId(plan, team);
                for (int h = 1; h <= team.hosts(); h++) {
                    String hostName = team.slug() + "-" + String.format("%02d", h);
                    UUID host = DemoFleet.id(plan.slug() + ":host:" + hostName);
                    // One host of the last team stopped reporting ten days ago: it shows as stale.
                    boolean stale = team == plan.teams().get(plan.teams().size() - 1) && h == team.hosts();
                    Instant lastSeen = stale ? now.minus(Duration.ofDays(10)) : now.minus(Duration.ofMinutes(7L * h));
                    Instant firstSeen =
                            firstDay.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(h));
                    batches.asset(
                            tenant, host, teamId, "host", "machine-" + host, null, hostName, null, firstSeen, lastSeen);
                    List<UUID> scans = batches.dailyScans(tenant, host, teamId, firstSeen, lastSeen);
                    intervals += history(batches, tenant, host, teamId, team, hostControls, firstSeen, lastSeen, scans);
                    for (int c = 1; c <= team.containersPerHost(); c++) {
                        String name = ROLES[(c - 1) % ROLES.length] + (c > ROLES.length ? "-" + c : "");
                        String image = IMAGES[Math.floorMod((hostName + name).hashCode(), IMAGES.length)];
                        UUID container = DemoFleet.id(plan.slug() + ":container:" + hostName + "/" + name);
                        batches.asset(
                                tenant,
                                container,
                                teamId,
                                "container",
                                host + "/" + name,
                                host,
                                name,
                                image,
                                firstSeen,
                                lastSeen);
                        intervals += history(
                                batches,
                                tenant,
                                container,
                                teamId,
                                team,
                                containerControls,
                                firstSeen,
                                lastSeen,
                                scans);
                    }
                }
            }
            batches.flush();
        }
        for (DemoFleet.TeamPlan team : plan.teams()) {
            try (PreparedStatement refresh = db.prepareStatement("select plimsoll_refresh_rollups(?, ?, ?)")) {
                refresh.setObject(1, teamId(plan, team));
                refresh.setDate(2, Date.valueOf(firstDay));
                refresh.setDate(3, Date.valueOf(today));
                refresh.execute();
            }
        }
        return intervals;
    }

    /**
     * The intervals of one asset for its controls: a starting status from the team's pass rate,
     * then at most one change (a fix or a regression) on a day scanned by this host.
     */
    private static int history(
            Batches batches,
            UUID tenant,
            UUID asset,
            UUID team,
            DemoFleet.TeamPlan plan,
            List<ControlRef> controls,
            Instant firstSeen,
            Instant lastSeen,
            List<UUID> scans)
            throws SQLException {
        int written = 0;
        long days = Math.max(1, Duration.between(firstSeen, lastSeen).toDays());
        for (ControlRef control : controls) {
            Random random = new Random((asset + control.id()).hashCode());
            double severityBias = switch (control.severity()) {
                case "critical" -> 0.15;
                case "high" -> 0.05;
                case "low" -> -0.05;
                default -> 0.0;
            };
            boolean passing = random.nextDouble() < plan.startPassRate() + severityBias;
            String first = status(passing, random);
            double changeChance = passing ? Math.max(0.02, -plan.drift()) : Math.max(0.02, plan.drift() * 1.6);
            if (random.nextDouble() < changeChance) {
                int changeDay = 1 + random.nextInt((int) Math.max(1, days - 1));
                Instant changedAt = firstSeen.plus(Duration.ofDays(changeDay));
                UUID changeScan = scans.get(Math.min(changeDay, scans.size() - 1));
                batches.interval(
                        tenant, asset, control, team, first, firstSeen, changedAt, changedAt, scans.get(0), changeScan);
                batches.interval(
                        tenant,
                        asset,
                        control,
                        team,
                        status(!passing, random),
                        changedAt,
                        null,
                        lastSeen,
                        changeScan,
                        null);
                written += 2;
            } else {
                batches.interval(tenant, asset, control, team, first, firstSeen, null, lastSeen, scans.get(0), null);
                written += 1;
            }
        }
        return written;
    }

    private static String status(boolean passing, Random random) {
        if (passing) {
            return "pass";
        }
        return random.nextDouble() < 0.2 ? "warn" : "fail";
    }

    private static UUID teamId(DemoFleet.TenantPlan plan, DemoFleet.TeamPlan team) {
        return DemoFleet.id(plan.slug() + ":team:" + team.slug());
    }

    private static boolean exists(Connection db, UUID tenant) throws SQLException {
        try (PreparedStatement find = db.prepareStatement("select 1 from tenant where id = ?")) {
            find.setObject(1, tenant);
            try (ResultSet row = find.executeQuery()) {
                return row.next();
            }
        }
    }

    private static List<ControlRef> controls(Connection db, String scope) throws SQLException {
        List<ControlRef> controls = new ArrayList<>();
        try (PreparedStatement find = db.prepareStatement(
                        "select benchmark_id, benchmark_version, control_id, title, severity from control"
                                + " where automatable and benchmark_id = 'cis-docker' and " + scope
                                + " order by control_id");
                ResultSet rows = find.executeQuery()) {
            while (rows.next()) {
                controls.add(new ControlRef(
                        rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)));
            }
        }
        return controls;
    }

    private static void update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /** Batched inserts of assets, scans and intervals. */
    private static final class Batches implements AutoCloseable {
        private final PreparedStatement assets;
        private final PreparedStatement scans;
        private final PreparedStatement intervals;

        Batches(Connection db) throws SQLException {
            assets = db.prepareStatement(
                    "insert into asset (tenant_id, id, team_id, kind, natural_key, host_id, name, image_ref, first_seen, last_seen)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            scans = db.prepareStatement(
                    "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version,"
                            + " started_at, finished_at, received_at, result_count, passed, failed, content_sha256)"
                            + " values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', ?, ?, ?, 0, 0, 0, ?)");
            intervals = db.prepareStatement(
                    "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from,"
                            + " valid_to, team_id, status, evidence, last_seen, opened_by_scan, closed_by_scan, close_reason)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }

        void asset(
                UUID tenant,
                UUID id,
                UUID team,
                String kind,
                String key,
                UUID host,
                String name,
                String image,
                Instant firstSeen,
                Instant lastSeen)
                throws SQLException {
            assets.setObject(1, tenant);
            assets.setObject(2, id);
            assets.setObject(3, team);
            assets.setString(4, kind);
            assets.setString(5, key);
            assets.setObject(6, host);
            assets.setString(7, name);
            assets.setString(8, image);
            assets.setTimestamp(9, Timestamp.from(firstSeen));
            assets.setTimestamp(10, Timestamp.from(lastSeen));
            assets.addBatch();
            // Hosts must exist before their containers reference them.
            if ("host".equals(kind)) {
                assets.executeBatch();
            }
        }

        /** One scan a day from first to last seen; returns their ids, oldest first. */
        List<UUID> dailyScans(UUID tenant, UUID host, UUID team, Instant firstSeen, Instant lastSeen)
                throws SQLException {
            assets.executeBatch();
            List<UUID> ids = new ArrayList<>();
            for (Instant at = firstSeen; !at.isAfter(lastSeen); at = at.plus(Duration.ofDays(1))) {
                UUID id = DemoFleet.id("scan:" + host + ":" + at);
                scans.setObject(1, tenant);
                scans.setObject(2, id);
                scans.setObject(3, team);
                scans.setObject(4, host);
                scans.setTimestamp(5, Timestamp.from(at.minusSeconds(4)));
                scans.setTimestamp(6, Timestamp.from(at));
                scans.setTimestamp(7, Timestamp.from(at.plusSeconds(1)));
                scans.setBytes(8, sha256(id.toString()));
                scans.addBatch();
                ids.add(id);
            }
            scans.executeBatch();
            return ids;
        }

        void interval(
                UUID tenant,
                UUID asset,
                ControlRef control,
                UUID team,
                String status,
                Instant from,
                Instant to,
                Instant lastSeen,
                UUID openedBy,
                UUID closedBy)
                throws SQLException {
            intervals.setObject(1, tenant);
            intervals.setObject(2, asset);
            intervals.setString(3, control.benchmark());
            intervals.setString(4, control.version());
            intervals.setString(5, control.id());
            intervals.setTimestamp(6, Timestamp.from(from));
            intervals.setTimestamp(7, to == null ? null : Timestamp.from(to));
            intervals.setObject(8, team);
            intervals.setString(9, status);
            intervals.setString(10, "pass".equals(status) ? "compliant" : "not compliant: " + control.title());
            intervals.setTimestamp(11, Timestamp.from(lastSeen));
            intervals.setObject(12, openedBy);
            intervals.setObject(13, closedBy);
            intervals.setString(14, to == null ? null : "changed");
            intervals.addBatch();
        }

        void flush() throws SQLException {
            assets.executeBatch();
            scans.executeBatch();
            intervals.executeBatch();
        }

        @Override
        public void close() throws SQLException {
            assets.close();
            scans.close();
            intervals.close();
        }

        private static byte[] sha256(String value) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
