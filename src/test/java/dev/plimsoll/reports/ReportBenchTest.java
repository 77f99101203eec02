package dev.plimsoll.reports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Reports of a full tenant of 2,000 hosts × 30 containers: the time to generate the PDF (without
 * the evidence appendix) and the CSV, and the peak heap while they are generated. Runs only with
 * {@code ./mvnw test -Pbench -Dtest=ReportBenchTest}; prints its figures (see docs/benchmarks.md).
 */
@QuarkusTest
@Tag("bench")
class ReportBenchTest {

    static final int HOSTS = Integer.getInteger("plimsoll.bench.hosts", 2000);
    static final int CONTAINERS = Integer.getInteger("plimsoll.bench.containers", 30);
    /** Empty: every benchmark, with the summary from the posture services; id:version: counted from the rows. */
    static final String BENCHMARK = System.getProperty("plimsoll.bench.benchmark", "");

    static final String[] STATUSES = {"pass", "pass", "pass", "fail", "warn", "info", "pass", "manual"};

    @Test
    void a_full_tenant_pdf_and_csv_of_two_thousand_hosts_with_thirty_containers_each() throws Exception {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        List<UUID> teams = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            teams.add(tenant.team("team-" + t));
        }
        long seedStart = System.nanoTime();
        long rows = seed(tenant.id(), teams);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        System.out.printf(
                "report bench: seeded %,d hosts, %,d containers, %,d intervals in %.1f s%n",
                HOSTS, HOSTS * CONTAINERS, rows, seedSeconds);
        String auditor = tenant.member("auditor");
        for (String format : List.of("pdf", "csv")) {
            System.gc();
            resetPeaks();
            HeapSampler sampler = new HeapSampler();
            sampler.start();
            long start = System.nanoTime();
            String id = ReportsTest.request(
                    auditor,
                    BENCHMARK.isEmpty() ? Map.of("format", format) : Map.of("format", format, "benchmark", BENCHMARK));
            JsonPath done = awaitDone(auditor, id);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            sampler.join();
            long peak = peakHeap();
            System.out.printf(
                    "report bench: %s of %d hosts x %d containers (benchmark '" + BENCHMARK
                            + "'): %.1f s, %,d bytes, heap in use at most %d MB (sampled every 20 ms; sum of"
                            + " the pools' peaks %d MB), max heap %d MB (whole JVM, incl. the app)%n",
                    format,
                    HOSTS,
                    CONTAINERS,
                    seconds,
                    done.getLong("size"),
                    sampler.max / (1024 * 1024),
                    peak / (1024 * 1024),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            if (format.equals("csv")) {
                // Every seeded interval is open and every asset live: one line each, plus the header.
                assertThat(csvLines(auditor, id) - 1).isEqualTo(rows);
            }
        }
    }

    /** Counts the lines of the download while it streams (RestAssured would hold it all). */
    private static long csvLines(String token, String id) throws Exception {
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                                        + io.restassured.RestAssured.port + "/api/v1/reports/" + id + "/file"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var lines = response.body()) {
            return lines.count();
        }
    }

    static JsonPath awaitDone(String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonPath report = given().auth()
                    .oauth2(token)
                    .get("/api/v1/reports/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (report.getString("state").equals("done")) {
                return report;
            }
            assertThat(report.getString("state")).as(report.prettify()).isNotEqualTo("failed");
            Thread.sleep(250);
        }
        throw new AssertionError("report " + id + " not done in 10 minutes");
    }

    /** The most heap in use at once, sampled while a report is generated. */
    static final class HeapSampler extends Thread {
        volatile long max;

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!isInterrupted()) {
                max = Math.max(max, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Hosts, containers, one scan per host and one open interval per (asset, control), written with COPY. */
    private static long seed(UUID tenant, List<UUID> teams) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.minus(30, ChronoUnit.DAYS);
        Instant scanned = now.minus(1, ChronoUnit.HOURS);
        List<String> hostControls = new ArrayList<>();
        List<String> containerControls = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl())) {
            try (PreparedStatement query = db.prepareStatement(
                    "select control_id, scope from control where benchmark_id = 'cis-docker' and automatable order by control_id")) {
                try (ResultSet r = query.executeQuery()) {
                    while (r.next()) {
                        (r.getString(2).equals("container") ? containerControls : hostControls).add(r.getString(1));
                    }
                }
            }
            StringBuilder assets = new StringBuilder();
            StringBuilder scans = new StringBuilder();
            StringBuilder states = new StringBuilder();
            long intervals = 0;
            PGConnection pg = db.unwrap(PGConnection.class);
            for (int h = 0; h < HOSTS; h++) {
                UUID team = teams.get(h % teams.size());
                UUID host = UUID.randomUUID();
                UUID scan = UUID.randomUUID();
                assets.append(tenant)
                        .append('\t')
                        .append(host)
                        .append('\t')
                        .append(team)
                        .append("\thost\tmachine-")
                        .append(host)
                        .append("\t\\N\thost-")
                        .append(String.format("%04d", h))
                        .append('\t')
                        .append(first)
                        .append('\t')
                        .append(now)
                        .append('\n');
                scans.append(tenant)
                        .append('\t')
                        .append(scan)
                        .append('\t')
                        .append(team)
                        .append('\t')
                        .append(host)
                        .append("\tnative\tcis-docker\t1.6.0\t")
                        .append(scanned)
                        .append('\t')
                        .append(scanned)
                        .append("\t0\t0\t0\t\\\\x00\n");
                for (int c = 0; c < hostControls.size(); c++) {
                    state(
                            states,
                            tenant,
                            host,
                            team,
                            hostControls.get(c),
                            STATUSES[(h + c) % STATUSES.length],
                            first,
                            scan);
                    intervals++;
                }
                for (int k = 0; k < CONTAINERS; k++) {
                    UUID container = UUID.randomUUID();
                    assets.append(tenant)
                            .append('\t')
                            .append(container)
                            .append('\t')
                            .append(team)
                            .append("\tcontainer\t")
                            .append(host)
                            .append("/app-")
                            .append(k)
                            .append('\t')
                            .append(host)
                            .append("\tapp-")
                            .append(k)
                            .append('\t')
                            .append(first)
                            .append('\t')
                            .append(now)
                            .append('\n');
                    for (int c = 0; c < containerControls.size(); c++) {
                        state(
                                states,
                                tenant,
                                container,
                                team,
                                containerControls.get(c),
                                STATUSES[(h + k + c) % STATUSES.length],
                                first,
                                scan);
                        intervals++;
                    }
                }
                if (states.length() > 8_000_000) {
                    copy(pg, assets, scans, states);
                }
            }
            copy(pg, assets, scans, states);
            try (var analyze = db.createStatement()) {
                analyze.execute("analyze asset; analyze scan; analyze control_state");
            }
            return intervals;
        }
    }

    private static void state(
            StringBuilder out,
            UUID tenant,
            UUID asset,
            UUID team,
            String control,
            String status,
            Instant from,
            UUID scan) {
        out.append(tenant)
                .append('\t')
                .append(asset)
                .append("\tcis-docker\t1.6.0\t")
                .append(control)
                .append('\t')
                .append(from)
                .append("\t\\N\t")
                .append(team)
                .append('\t')
                .append(status)
                .append("\tevidence of ")
                .append(control)
                .append('\t')
                .append(from)
                .append('\t')
                .append(scan)
                .append('\n');
    }

    private static void copy(PGConnection pg, StringBuilder assets, StringBuilder scans, StringBuilder states)
            throws Exception {
        var copy = pg.getCopyAPI();
        copy.copyIn(
                "copy asset (tenant_id, id, team_id, kind, natural_key, host_id, name, first_seen, last_seen) from stdin",
                new StringReader(assets.toString()));
        copy.copyIn(
                "copy scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version, started_at, finished_at,"
                        + " result_count, passed, failed, content_sha256) from stdin",
                new StringReader(scans.toString()));
        copy.copyIn(
                "copy control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from, valid_to, team_id,"
                        + " status, evidence, last_seen, opened_by_scan) from stdin",
                new StringReader(states.toString()));
        assets.setLength(0);
        scans.setLength(0);
        states.setLength(0);
    }
}
