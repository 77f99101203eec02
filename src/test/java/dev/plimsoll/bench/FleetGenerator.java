package dev.plimsoll.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes one large tenant straight into PostgreSQL with COPY: teams, hosts with their containers
 * and images, one scan per host and day, control-state intervals per (asset, control) over the
 * history and the daily rollups derived from them.
 *
 * <p>Each (asset, control) starts in a status drawn from its team's pass rate (more failures on
 * critical and high controls); a few percent change once over the history (a fix or a
 * regression) and some of those change back. Changes happen at a scan of the asset's host. One
 * host per team stopped reporting ten days ago, so stale assets exist as well.
 *
 * <p>Runs on an owner or superuser connection of a migrated database; the rollups are computed
 * here with the rule of {@code plimsoll_refresh_rollups} (the interval covering the end of each
 * UTC day).
 */
public final class FleetGenerator {

    /** The shape of the generated tenant. */
    public record Plan(
            String slug, int teams, int hostsPerTeam, int containersPerHost, int imagesPerTeam, int days, long seed) {

        public static Plan standard() {
            return new Plan("bench", 20, 100, 30, 20, 365, 42L);
        }

        public int hosts() {
            return teams * hostsPerTeam;
        }
    }

    /** What was written and how long it took. */
    public record Result(
            UUID tenant,
            List<UUID> teamIds,
            List<String> teamSlugs,
            UUID sampleHost,
            long assets,
            long scans,
            long intervals,
            long rollups,
            Duration took) {}

    private record ControlRef(String benchmark, String version, String id, String severity) {}

    private static final String[] ROLES = {"api", "worker", "db", "cache", "proxy", "batch", "web", "queue"};
    private static final String[] IMAGES = {
        "nginx:1.27",
        "postgres:16",
        "redis:7.4",
        "python:3.12-slim",
        "node:22-alpine",
        "grafana/grafana:11.2.0",
        "registry.acme.test/payments-api:2.3.1",
        "registry.acme.test/ledger:1.9.0"
    };
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Plan plan;
    private final Instant now;
    private final SplittableRandom random;

    public FleetGenerator(Plan plan, Instant now) {
        this.plan = plan;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        this.random = new SplittableRandom(plan.seed());
    }

    /** Writes the tenant; the connection must bypass row-level security (owner with BYPASSRLS or superuser). */
    public Result write(Connection db) throws SQLException {
        long started = System.nanoTime();
        db.setAutoCommit(false);
        try (Statement sql = db.createStatement()) {
            // The rows are written consistent with every foreign key; skip the per-row checks.
            sql.execute("set session_replication_role = replica");
        }
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        UUID tenant = id("tenant", 0, 0);
        update(db, "insert into tenant (id, slug, name) values (?, ?, ?)", tenant, plan.slug(), "Bench " + plan.slug());
        List<UUID> teamIds = new ArrayList<>();
        List<String> teamSlugs = new ArrayList<>();
        for (int t = 0; t < plan.teams(); t++) {
            UUID team = id("team", t, 0);
            String slug = String.format("team-%02d", t + 1);
            update(
                    db,
                    "insert into team (tenant_id, id, slug, name) values (?, ?, ?, ?)",
                    tenant,
                    team,
                    slug,
                    "Team " + (t + 1));
            teamIds.add(team);
            teamSlugs.add(slug);
        }
        List<ControlRef> hostControls = controls(db, "scope in ('host', 'daemon', 'daemon-files')");
        List<ControlRef> containerControls = controls(db, "scope = 'container'");
        List<ControlRef> imageControls = controls(db, "scope = 'image'");

        // Day i of the history is the UTC day firstDay + i; rollups cover firstDay..today.
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate firstDay = today.minusDays(plan.days());
        long dayZero = firstDay.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        int dayCount = plan.days() + 1;

        long assetCount = 0;
        long scanCount = 0;
        long intervalCount = 0;
        // Per team and control: daily passed/failed/other as difference arrays over the days.
        List<Map<String, int[][]>> rollups = new ArrayList<>();

        // One scan a day per host, at a minute of the hour that differs by host; the last one at
        // most an hour ago, or ten days ago for the one host per team that stopped reporting.
        long[][] scanTimes = new long[plan.hosts()][];
        for (int t = 0; t < plan.teams(); t++) {
            for (int h = 0; h < plan.hostsPerTeam(); h++) {
                int hostIndex = t * plan.hostsPerTeam() + h;
                boolean stale = h == plan.hostsPerTeam() - 1;
                int scanCountOfHost = plan.days() + 1 - (stale ? 10 : 0);
                long[] times = new long[scanCountOfHost];
                long last = now.toEpochMilli() - (stale ? 10 * DAY_MS : 0) - (hostIndex % 60) * 60_000L;
                for (int d = 0; d < scanCountOfHost; d++) {
                    times[d] = last - (long) (scanCountOfHost - 1 - d) * DAY_MS;
                }
                scanTimes[hostIndex] = times;
            }
        }
        // One COPY at a time per connection: assets, then scans, then intervals.
        Copier assets = new Copier(
                copy,
                "copy asset (tenant_id, id, team_id, kind, natural_key, host_id, name,"
                        + " image_ref, image_id, first_seen, last_seen) from stdin");
        for (int t = 0; t < plan.teams(); t++) {
            UUID team = teamIds.get(t);
            for (int h = 0; h < plan.hostsPerTeam(); h++) {
                int hostIndex = t * plan.hostsPerTeam() + h;
                long[] times = scanTimes[hostIndex];
                UUID host = id("host", hostIndex, 0);
                String first = ts(times[0]);
                String last = ts(times[times.length - 1]);
                assets.row(
                        tenant,
                        host,
                        team,
                        "host",
                        "machine-" + host,
                        null,
                        hostName(teamSlugs.get(t), h),
                        null,
                        null,
                        first,
                        last);
                assetCount++;
                for (int c = 0; c < plan.containersPerHost(); c++) {
                    String name = ROLES[c % ROLES.length] + "-" + (c / ROLES.length + 1);
                    assets.row(
                            tenant,
                            id("container", hostIndex, c),
                            team,
                            "container",
                            host + "/" + name,
                            host,
                            name,
                            IMAGES[(hostIndex + c) % IMAGES.length],
                            null,
                            first,
                            last);
                    assetCount++;
                }
                if (h < plan.imagesPerTeam()) {
                    // An image counts through the host it was scanned on.
                    UUID image = id("image", hostIndex, 0);
                    String ref = IMAGES[h % IMAGES.length];
                    String digest = "sha256:" + HexFormat.of().formatHex(sha256(image.toString()));
                    assets.row(tenant, image, team, "image", digest, host, ref, ref, digest, first, last);
                    assetCount++;
                }
            }
        }
        assets.end();
        Copier scans = new Copier(
                copy,
                "copy scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id,"
                        + " benchmark_version, started_at, finished_at, received_at, result_count, passed, failed,"
                        + " content_sha256) from stdin");
        for (int hostIndex = 0; hostIndex < plan.hosts(); hostIndex++) {
            UUID team = teamIds.get(hostIndex / plan.hostsPerTeam());
            UUID host = id("host", hostIndex, 0);
            long[] times = scanTimes[hostIndex];
            for (int d = 0; d < times.length; d++) {
                UUID scan = scanId(hostIndex, d);
                scans.row(
                        tenant,
                        scan,
                        team,
                        host,
                        "native",
                        "cis-docker",
                        "1.6.0",
                        ts(times[d] - 4000),
                        ts(times[d]),
                        ts(times[d] + 1000),
                        "0",
                        "0",
                        "0",
                        "\\\\x" + HexFormat.of().formatHex(sha256(scan.toString())));
                scanCount++;
            }
        }
        scans.end();
        Copier intervals = new Copier(
                copy,
                "copy control_state (tenant_id, asset_id, benchmark_id,"
                        + " benchmark_version, control_id, valid_from, valid_to, team_id, status, evidence, last_seen,"
                        + " opened_by_scan, closed_by_scan, close_reason) from stdin");
        for (int t = 0; t < plan.teams(); t++) {
            UUID team = teamIds.get(t);
            Map<String, int[][]> teamRollups = new LinkedHashMap<>();
            rollups.add(teamRollups);
            double passRate = 0.55 + 0.4 * t / Math.max(1, plan.teams() - 1);
            for (int h = 0; h < plan.hostsPerTeam(); h++) {
                int hostIndex = t * plan.hostsPerTeam() + h;
                long[] times = scanTimes[hostIndex];
                intervalCount += history(
                        intervals,
                        teamRollups,
                        tenant,
                        id("host", hostIndex, 0),
                        team,
                        hostIndex,
                        hostControls,
                        times,
                        passRate,
                        dayZero,
                        dayCount);
                for (int c = 0; c < plan.containersPerHost(); c++) {
                    intervalCount += history(
                            intervals,
                            teamRollups,
                            tenant,
                            id("container", hostIndex, c),
                            team,
                            hostIndex,
                            containerControls,
                            times,
                            passRate,
                            dayZero,
                            dayCount);
                }
                if (h < plan.imagesPerTeam()) {
                    intervalCount += history(
                            intervals,
                            teamRollups,
                            tenant,
                            id("image", hostIndex, 0),
                            team,
                            hostIndex,
                            imageControls,
                            times,
                            passRate,
                            dayZero,
                            dayCount);
                }
            }
        }
        intervals.end();
        long rollupCount = writeRollups(copy, tenant, teamIds, rollups, firstDay, dayCount);
        memberships(db, tenant, teamIds);
        try (Statement sql = db.createStatement()) {
            sql.execute("set session_replication_role = origin");
            // Triggers did not run while copying (replica role): count the running tallies the
            // dashboards read the present from, and the trend's daily sums, as the triggers would have.
            sql.execute("select set_config('plimsoll.tenant', '" + tenant + "', true)");
            sql.execute("select plimsoll_rebuild_tally()");
            sql.execute("select plimsoll_rebuild_asset_tally()");
            sql.execute("insert into posture_trend_daily (tenant_id, team_id, day, passed, failed, other)"
                    + " select tenant_id, team_id, day, sum(passed), sum(failed), sum(other) from posture_rollup_daily"
                    + " where tenant_id = plimsoll_current_tenant() group by 1, 2, 3");
        }
        db.commit();
        db.setAutoCommit(true);
        try (Statement sql = db.createStatement()) {
            sql.execute("vacuum analyze");
        }
        return new Result(
                tenant,
                teamIds,
                teamSlugs,
                id("host", 0, 0),
                assetCount,
                scanCount,
                intervalCount,
                rollupCount,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static String hostName(String team, int h) {
        return team + "-host-" + String.format("%03d", h + 1);
    }

    /** The subject of the generated org-admin, bound to the tenant. */
    public String adminSubject() {
        return plan.slug() + "-admin";
    }

    public String adminEmail() {
        return adminSubject() + "@" + plan.slug() + ".example";
    }

    /** A team member of the first team. */
    public String memberSubject() {
        return plan.slug() + "-member";
    }

    public String memberEmail() {
        return memberSubject() + "@" + plan.slug() + ".example";
    }

    private void memberships(Connection db, UUID tenant, List<UUID> teams) throws SQLException {
        UUID admin = id("membership", 0, 0);
        update(
                db,
                "insert into membership (tenant_id, id, email, subject, role, bound_at) values (?, ?, ?, ?, ?, now())",
                tenant,
                admin,
                adminEmail(),
                adminSubject(),
                "org-admin");
        UUID member = id("membership", 1, 0);
        update(
                db,
                "insert into membership (tenant_id, id, email, subject, role, bound_at) values (?, ?, ?, ?, ?, now())",
                tenant,
                member,
                memberEmail(),
                memberSubject(),
                "team-member");
        update(
                db,
                "insert into membership_team (tenant_id, membership_id, team_id) values (?, ?, ?)",
                tenant,
                member,
                teams.get(0));
    }

    /**
     * The intervals of one asset: per control a starting status, and for a few percent a change at
     * some scan (fix or regression), a fifth of those changing back later.
     */
    private int history(
            Copier out,
            Map<String, int[][]> rollups,
            UUID tenant,
            UUID asset,
            UUID team,
            int hostIndex,
            List<ControlRef> controls,
            long[] scanTimes,
            double passRate,
            long dayZero,
            int dayCount)
            throws SQLException {
        int written = 0;
        int lastScan = scanTimes.length - 1;
        String lastSeen = ts(scanTimes[lastScan]);
        for (ControlRef control : controls) {
            double bias = switch (control.severity()) {
                case "critical" -> -0.25;
                case "high" -> -0.1;
                case "low" -> 0.05;
                default -> 0.0;
            };
            String status = status(random.nextDouble() < passRate + bias);
            List<Integer> changes = new ArrayList<>(2);
            if (random.nextDouble() < 0.04 && lastScan > 2) {
                int first = 1 + random.nextInt(lastScan - 1);
                changes.add(first);
                if (random.nextDouble() < 0.2 && first + 1 < lastScan) {
                    changes.add(first + 1 + random.nextInt(lastScan - first - 1));
                }
            }
            int[][] counts = rollups.computeIfAbsent(control.id(), k -> new int[3][dayCount + 1]);
            int from = 0;
            for (int i = 0; i <= changes.size(); i++) {
                boolean open = i == changes.size();
                int to = open ? -1 : changes.get(i);
                out.row(
                        tenant,
                        asset,
                        control.benchmark(),
                        control.version(),
                        control.id(),
                        ts(scanTimes[from]),
                        open ? null : ts(scanTimes[to]),
                        team,
                        status,
                        "pass".equals(status) ? "compliant" : "not compliant (" + control.id() + ")",
                        open ? lastSeen : ts(scanTimes[to]),
                        scanId(hostIndex, from).toString(),
                        open ? null : scanId(hostIndex, to).toString(),
                        open ? null : "changed");
                // Rollup rule: counted on day d when valid_from < end of d <= valid_to (or open).
                int firstDay = (int) Math.floorDiv(scanTimes[from] - dayZero, DAY_MS);
                int lastDay = open ? dayCount - 1 : (int) Math.floorDiv(scanTimes[to] - dayZero, DAY_MS) - 1;
                if (lastDay >= firstDay) {
                    int kind = "pass".equals(status) ? 0 : ("fail".equals(status) || "warn".equals(status)) ? 1 : 2;
                    counts[kind][Math.max(0, firstDay)]++;
                    counts[kind][lastDay + 1]--;
                }
                written++;
                if (!open) {
                    status = status("pass".equals(status) ? false : true);
                    from = to;
                }
            }
        }
        return written;
    }

    private String status(boolean passing) {
        if (passing) {
            return "pass";
        }
        double r = random.nextDouble();
        return r < 0.75 ? "fail" : r < 0.95 ? "warn" : "info";
    }

    private static long writeRollups(
            CopyManager copy,
            UUID tenant,
            List<UUID> teams,
            List<Map<String, int[][]>> rollups,
            LocalDate firstDay,
            int dayCount)
            throws SQLException {
        Copier out = new Copier(
                copy,
                "copy posture_rollup_daily (tenant_id, team_id, day, benchmark_id, control_id,"
                        + " passed, failed, other) from stdin");
        long rows = 0;
        for (int t = 0; t < teams.size(); t++) {
            for (Map.Entry<String, int[][]> entry : rollups.get(t).entrySet()) {
                int[][] diff = entry.getValue();
                int passed = 0;
                int failed = 0;
                int other = 0;
                for (int d = 0; d < dayCount; d++) {
                    passed += diff[0][d];
                    failed += diff[1][d];
                    other += diff[2][d];
                    if (passed + failed + other > 0) {
                        out.row(
                                tenant,
                                teams.get(t),
                                firstDay.plusDays(d).toString(),
                                "cis-docker",
                                entry.getKey(),
                                Integer.toString(passed),
                                Integer.toString(failed),
                                Integer.toString(other));
                        rows++;
                    }
                }
            }
        }
        out.end();
        return rows;
    }

    private static List<ControlRef> controls(Connection db, String scope) throws SQLException {
        List<ControlRef> controls = new ArrayList<>();
        try (PreparedStatement find =
                        db.prepareStatement("select benchmark_id, benchmark_version, control_id, severity from control"
                                + " where automatable and benchmark_id = 'cis-docker' and " + scope
                                + " order by control_id");
                ResultSet rows = find.executeQuery()) {
            while (rows.next()) {
                controls.add(
                        new ControlRef(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
        }
        if (controls.isEmpty()) {
            throw new IllegalStateException("No controls for " + scope + ": is the database migrated?");
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

    private UUID id(String kind, int a, int b) {
        return UUID.nameUUIDFromBytes(
                (plan.slug() + ":" + plan.seed() + ":" + kind + ":" + a + ":" + b).getBytes(StandardCharsets.UTF_8));
    }

    private UUID scanId(int hostIndex, int day) {
        return new UUID(
                0x5ca0_0000_0000_4000L | ((long) hostIndex << 16) | (plan.seed() & 0xfff),
                0x8000_0000_0000_0000L | day);
    }

    private static String ts(long epochMilli) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC)
                .toString();
    }

    private static byte[] sha256(String value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows in COPY text format, sent in chunks of about a megabyte. */
    private static final class Copier {
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(1 << 21);

        Copier(CopyManager manager, String sql) throws SQLException {
            this.copy = manager.copyIn(sql);
        }

        void row(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    buffer.append('\t');
                }
                buffer.append(values[i] == null ? "\\N" : values[i].toString());
            }
            buffer.append('\n');
            if (buffer.length() > (1 << 20)) {
                flush();
            }
        }

        void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        void end() throws SQLException {
            flush();
            copy.endCopy();
        }
    }
}
