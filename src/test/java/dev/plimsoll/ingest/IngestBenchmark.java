package dev.plimsoll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Ingest throughput through HTTP with realistic documents (1 host + 50 containers, about 1,600
 * results), 2 concurrent clients, against raw PostgreSQL COPY of the same rows into an equivalent
 * table, measured in the same run. Run with {@code ./mvnw test -Pbench -Dtest=IngestBenchmark}.
 */
@QuarkusTest
@Tag("bench")
class IngestBenchmark {

    static final int CLIENTS = 2;
    /** Posts per token, within its burst allowance of 300 requests. */
    static final int TOKEN_USES = 250;

    static final int HOSTS = Integer.getInteger("bench.hosts", 80);
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final int CONTAINERS = 50;
    /** Hosts whose first scans go in before the measurement, so the tenant is not empty. */
    static final int WARM_UP = Integer.getInteger("bench.warmup", 10);
    /**
     * The least rounds of repeated scans of the warm-up hosts before the measurement. Warm-up goes on,
     * 20 rounds at a time, until the JIT compiler takes less than {@link #JIT_SETTLED} of the time of
     * 20 rounds, or {@link #WARM_UP_MAX_ROUNDS}: what is measured is a server whose compiler has
     * finished with the ingest path, as it has minutes after start, not one still compiling it (on 2
     * cores there is one C2 compiler thread, and its queue holds hundreds of methods from start-up).
     */
    static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmup.rounds", 60);

    static final int WARM_UP_MAX_ROUNDS = Integer.getInteger("bench.warmup.max-rounds", 600);
    static final double JIT_SETTLED = 0.05;

    @TestHTTPResource("/api/v1/scans")
    URI scans;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void ingest_throughput_against_raw_copy() throws Exception {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        UUID team = tenant.team("fleet");
        // Each token's burst allowance is 300 requests: a client takes a fresh token every 250.
        Iterator<String> freshTokens =
                Stream.generate(() -> tenant.collector(team)).iterator();
        Random random = new Random(42);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(REPEATS + 2, ChronoUnit.HOURS);

        // First scans of new hosts; the first WARM_UP hosts join before the measurement starts.
        List<List<ScanResult>> fleet = new ArrayList<>();
        List<byte[]> first = new ArrayList<>();
        for (int h = 0; h < WARM_UP + HOSTS; h++) {
            List<ScanResult> results = newHost(random);
            fleet.add(results);
            first.add(gzipJson(Scans.scan().host("bench-host-" + h).at(start), results));
        }
        int perScan = fleet.get(0).size();
        System.out.printf(
                "%n=== Ingest benchmark: %d hosts x (1 host + %d containers) = %d results per scan, %d clients ===%n",
                HOSTS, CONTAINERS, perScan, CLIENTS);

        run("warm-up (not counted)", first.subList(0, WARM_UP), freshTokens, perScan);
        analyze();
        int joiners = 0;
        for (int round = 1; round <= WARM_UP_MAX_ROUNDS; round += 20) {
            // Repeated scans of the warm-up hosts, with first scans of other hosts among them: the
            // compiler sees both paths, as a server does where hosts keep joining.
            List<byte[]> warmRepeats = new ArrayList<>();
            for (int r = round; r < round + 20; r++) {
                warmRepeats.addAll(repeat(fleet, 0, WARM_UP, start.plus(r, ChronoUnit.SECONDS), random));
                if (r % 2 == 0) {
                    warmRepeats.add(gzipJson(
                            Scans.scan().host("bench-joiner-" + joiners++).at(start), newHost(random)));
                }
            }
            long compiling = jitMillis();
            long started = System.nanoTime();
            run("warm-up, repeated (not counted)", warmRepeats, freshTokens, perScan);
            double share = (jitMillis() - compiling) / ((System.nanoTime() - started) / 1e6);
            if (round + 19 >= WARM_UP_ROUNDS && share < JIT_SETTLED) {
                break;
            }
        }
        fleet.subList(0, WARM_UP).clear();
        analyze();
        double firstRate = run("first scans of new hosts", first.subList(WARM_UP, first.size()), freshTokens, perScan);
        analyze();

        List<byte[]> repeated = new ArrayList<>();
        for (int r = 1; r <= REPEATS; r++) {
            repeated.addAll(repeat(fleet, WARM_UP, HOSTS, start.plus(r, ChronoUnit.HOURS), random));
        }
        double repeatRate = run("repeated scans, 2% changed", repeated, freshTokens, perScan);

        // COPY's own rate varies by a quarter from one run to the next on this machine: the median of three.
        double[] copies = new double[3];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = rawCopy(HOSTS * perScan);
        }
        System.out.printf(
                "raw COPY of the same %d rows into an equivalent table, 3 runs: %,.0f, %,.0f, %,.0f rows/s%n",
                HOSTS * perScan, copies[0], copies[1], copies[2]);
        Arrays.sort(copies);
        double copyRate = copies[1];
        System.out.printf("raw COPY, median: %,.0f rows/s%n", copyRate);
        System.out.printf("ratio first scans / raw COPY: %.2f%n", firstRate / copyRate);
        System.out.printf("ratio repeated scans / raw COPY: %.2f%n%n", repeatRate / copyRate);
        assertThat(firstRate).isPositive();
    }

    static final List<String> HOST_CONTROLS = List.of(
            "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.1.9", "1.1.10", "1.1.11",
            "1.1.12", "1.1.13", "1.1.14", "1.1.15", "1.1.16", "1.1.17", "1.1.18", "2.2", "2.3", "2.4", "2.5", "2.6",
            "2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18", "3.1", "3.2",
            "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.16",
            "3.17", "3.18", "3.19", "3.20", "3.21", "3.22", "3.23", "3.24");

    static final List<String> CONTAINER_CONTROLS =
            Stream.iterate(1, i -> i <= 31, i -> i + 1).map(i -> "5." + i).toList();

    /** A new host's results: its own controls, then {@link #CONTAINERS} containers'; 70–80 % pass. */
    static List<ScanResult> newHost(Random random) {
        List<ScanResult> results = new ArrayList<>();
        for (String control : HOST_CONTROLS) {
            results.add(new ScanResult(
                    control,
                    random.nextInt(10) < 7 ? ResultStatus.pass : ResultStatus.fail,
                    ScanTarget.host(),
                    "daemon.json: setting " + control + " = " + random.nextInt(1000),
                    null));
        }
        for (int c = 0; c < CONTAINERS; c++) {
            ScanTarget target = ScanTarget.container(
                    UUID.randomUUID().toString().replace("-", ""),
                    "svc-" + c,
                    "registry.example/app-" + (c % 8) + ":1." + c,
                    "sha256:" + Integer.toHexString(c % 8).repeat(64).substring(0, 64));
            for (String control : CONTAINER_CONTROLS) {
                boolean pass = random.nextInt(10) < 8;
                results.add(new ScanResult(
                        control,
                        pass ? ResultStatus.pass : ResultStatus.fail,
                        target,
                        "HostConfig." + control + "=" + (pass ? "ok" : "not set"),
                        pass ? null : "See CIS Docker " + control));
            }
        }
        return results;
    }

    /** The next scan of each host, at {@code at}, with 2 % of its results flipped. */
    static List<byte[]> repeat(List<List<ScanResult>> fleet, int firstHost, int hosts, Instant at, Random random)
            throws Exception {
        List<byte[]> scans = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            List<ScanResult> results = new ArrayList<>(fleet.get(h));
            for (int i = 0; i < results.size(); i++) {
                if (random.nextInt(100) < 2) {
                    ScanResult old = results.get(i);
                    ResultStatus flipped = old.status() == ResultStatus.pass ? ResultStatus.fail : ResultStatus.pass;
                    results.set(
                            i, new ScanResult(old.control(), flipped, old.target(), old.evidence(), old.remediation()));
                }
            }
            fleet.set(h, results);
            scans.add(
                    gzipJson(Scans.scan().host("bench-host-" + (firstHost + h)).at(at), results));
        }
        return scans;
    }

    /** Posts {@code bodies} with {@link #CLIENTS} clients; each takes a fresh token every {@link #TOKEN_USES} posts. */
    double run(String name, List<byte[]> bodies, Iterator<String> freshTokens, int perScan) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENTS * (1 + bodies.size() / CLIENTS / TOKEN_USES); i++) {
            tokens.add(freshTokens.next());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        System.out.printf("%s: started%n", name);
        long compiling = jitMillis();
        long started = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int c = client;
            done.add(pool.submit(() -> {
                int sent = 0;
                for (int i = c; i < bodies.size(); i += CLIENTS) {
                    long t0 = System.nanoTime();
                    String token = tokens.get(CLIENTS * (sent / TOKEN_USES) + c);
                    HttpResponse<String> answer = http.send(
                            HttpRequest.newBuilder(scans)
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .header("Content-Encoding", "gzip")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 201) {
                        throw new IllegalStateException(answer.statusCode() + " " + answer.body());
                    }
                    sent++;
                    if (Boolean.getBoolean("bench.verbose")) {
                        System.out.println("CLIENT " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                    }
                }
                return sent;
            }));
        }
        int scansSent = 0;
        for (Future<Integer> f : done) {
            scansSent += f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        double rate = scansSent * (double) perScan / seconds;
        System.out.printf(
                "%-32s %5d scans, %,9d results in %6.2f s: %,10.0f results/s (%.1f scans/s; JIT compiler %,d ms)%n",
                name, scansSent, scansSent * perScan, seconds, rate, scansSent / seconds, jitMillis() - compiling);
        return rate;
    }

    /** The JIT compilers' time so far, summed over their threads. */
    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /**
     * Brings the planner's statistics up to date, as autovacuum does within a minute of a change of
     * this size on a running system; a phase of a few seconds would otherwise be planned from the
     * statistics of an empty database.
     */
    static void analyze() throws Exception {
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                Statement sql = db.createStatement()) {
            sql.execute("analyze");
        }
    }

    static byte[] gzipJson(Scans scan, List<ScanResult> results) throws Exception {
        results.forEach(scan::result);
        return IngestTest.gzip(scan.json().getBytes(StandardCharsets.UTF_8));
    }

    /** The same number of interval rows, COPY'd into a table shaped like control_state. */
    static double rawCopy(int rows) throws Exception {
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                Statement sql = db.createStatement()) {
            sql.execute("drop table if exists bench_copy");
            sql.execute("create table bench_copy (like control_state including defaults including indexes)");
            StringBuilder text = new StringBuilder(rows * 200);
            UUID tenant = UUID.randomUUID();
            UUID team = UUID.randomUUID();
            UUID scan = UUID.randomUUID();
            String now = Instant.now().toString();
            for (int i = 0; i < rows; i++) {
                UUID asset = new UUID(i / 31, 7);
                text.append(tenant)
                        .append('\t')
                        .append(asset)
                        .append("\tcis-docker\t1.6.0\t5.")
                        .append(i % 1000)
                        .append('\t')
                        .append(now)
                        .append("\t\\N\t")
                        .append(team)
                        .append("\tpass\tHostConfig.x=ok\t")
                        .append(now)
                        .append('\t')
                        .append(scan)
                        .append("\t\\N\t\\N\n");
            }
            long started = System.nanoTime();
            ((PGConnection) db.unwrap(PGConnection.class))
                    .getCopyAPI()
                    .copyIn(
                            "copy bench_copy (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from,"
                                    + " valid_to, team_id, status, evidence, last_seen, opened_by_scan, closed_by_scan, close_reason)"
                                    + " from stdin",
                            new StringReader(text.toString()));
            double seconds = (System.nanoTime() - started) / 1e9;
            sql.execute("drop table bench_copy");
            return rows / seconds;
        }
    }
}
