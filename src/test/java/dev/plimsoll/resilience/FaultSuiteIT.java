package dev.plimsoll.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.identity.CollectorTokenSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite (docs/resilience.md): Plimsoll as a process of its own, its own PostgreSQL, and
 * collectors with spools sending scans while the database is crashed, paused and restarted and
 * Plimsoll is stopped and killed. Afterwards every scan a collector was told is stored is stored
 * exactly once, every spool is empty, and the intervals and rollups match a recomputation from the
 * stored scans.
 *
 * <p>The short form (in {@code ./mvnw verify}; a few hundred scans, one database crash, one SIGKILL
 * and one SIGTERM of Plimsoll, the hostile requests) is bounded to three minutes. The long form,
 * {@code -Dplimsoll.resilience.long=true}, sends more scans and adds the database pause.
 * Everything listens on 127.0.0.1 on free ports; the shared PostgreSQL is never touched.
 */
class FaultSuiteIT {

    static final boolean LONG = Boolean.getBoolean("plimsoll.resilience.long");
    static final int COLLECTORS = 4;
    static final int SCANS_PER_COLLECTOR = Integer.getInteger("plimsoll.resilience.scans", LONG ? 500 : 75);
    static final String OWNER = "plimsoll_owner";
    static final String APP = "plimsoll_app";
    static final String PASSWORD = "resilience-" + UUID.randomUUID();

    static ScratchPostgres pg;
    static PlimsollProcess app;
    static Path work;
    static UUID tenant;
    static UUID team;
    static final Map<String, Object> figures = new LinkedHashMap<>();
    /** Scans the suite itself sent (probes of the faults and hostile requests), not the collectors. */
    static final Set<String> probes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final List<String> observed = new ArrayList<>();
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Path.of(
                System.getProperty("plimsoll.build.dir", "target"),
                "resilience",
                "run-" + Instant.now().getEpochSecond()));
        pg = ScratchPostgres.create();
        try (Connection admin = pg.superuser("postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("create role " + OWNER + " login password '" + PASSWORD + "'");
            sql.execute("create role " + APP + " login password '" + PASSWORD + "'");
            sql.execute("create database plimsoll owner " + OWNER);
        }
        try (Connection admin = pg.superuser("plimsoll");
                Statement sql = admin.createStatement()) {
            sql.execute("grant all on schema public to " + OWNER);
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ScratchPostgres.freePort()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.url("plimsoll"));
        env.put("QUARKUS_DATASOURCE_USERNAME", APP);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
        env.put("QUARKUS_DATASOURCE_OWNER_USERNAME", OWNER);
        env.put("QUARKUS_DATASOURCE_OWNER_PASSWORD", PASSWORD);
        env.put("PLIMSOLL_DATABASE_APP_ROLE", APP);
        // No identity provider: collector tokens are checked in the database.
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:" + ScratchPostgres.freePort() + "/realms/none");
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", "not-used-by-the-fault-suite");
        env.put("PLIMSOLL_INGEST_RATE_LIMIT_BURST", "200");
        env.put("PLIMSOLL_INGEST_RATE_LIMIT_PER_SECOND", "100");
        env.put("PLIMSOLL_RETENTION_CRON", "off");
        app = new PlimsollProcess(env, work.resolve("plimsoll.log"));
        figures.put("first start (s)", seconds(app.start()));
        tenant = UUID.randomUUID();
        team = UUID.randomUUID();
        try (Connection admin = pg.superuser("plimsoll")) {
            update(admin, "insert into tenant (id, slug, name) values (?, 'resilience', 'Resilience')", tenant);
            update(admin, "insert into team (tenant_id, id, slug, name) values (?, ?, 'fleet', 'Fleet')", tenant, team);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (pg != null) {
            pg.close();
        }
        StringBuilder report = new StringBuilder("Fault suite (" + (LONG ? "long" : "short") + " form)\n");
        figures.forEach(
                (k, v) -> report.append("  ").append(k).append(": ").append(v).append('\n'));
        observed.forEach(o -> report.append("  - ").append(o).append('\n'));
        System.out.println(report);
        if (work != null) {
            Files.writeString(work.resolve("figures.txt"), report);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void nothing_acknowledged_is_lost_or_doubled_whatever_happens_to_the_database_or_the_application()
            throws Exception {
        long started = System.nanoTime();
        List<SpoolingCollector> collectors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < COLLECTORS; i++) {
            SpoolingCollector collector = new SpoolingCollector(
                    "c" + i,
                    Files.createDirectories(work.resolve("spool-c" + i)),
                    app.base(),
                    collectorToken(),
                    SCANS_PER_COLLECTOR,
                    1000 + i);
            collectors.add(collector);
            Thread thread = new Thread(collector, "collector-c" + i);
            threads.add(thread);
            thread.start();
        }
        int total = COLLECTORS * SCANS_PER_COLLECTOR;
        IntSupplier acked =
                () -> collectors.stream().mapToInt(c -> c.acks().size()).sum();

        // 1. PostgreSQL crashes (SIGKILL of postmaster and backends) under load and restarts.
        awaitAcks(acked, total / 5);
        long crash = System.nanoTime();
        pg.crash();
        int readyWhileDown = awaitReadiness(503, Duration.ofSeconds(20));
        observed.add(
                "PostgreSQL SIGKILLed under load: /q/health/ready answered " + readyWhileDown + " while it was down");
        assertThat(readyWhileDown).as("readiness while the database is down").isEqualTo(503);
        Thread.sleep(2000);
        pg.start();
        long restarted = System.nanoTime();
        int before = acked.getAsInt();
        long recovered = awaitFirstAckAfter(collectors, restarted, Duration.ofSeconds(60));
        figures.put("database crash: down for (s)", seconds(Duration.ofNanos(restarted - crash)));
        figures.put(
                "database crash: first scan stored after restart (s)",
                seconds(Duration.ofNanos(recovered - restarted)));
        observed.add("after the restart the pool recovered without restarting Plimsoll (acknowledgements went on from "
                + before + ")");
        assertThat(awaitReadiness(200, Duration.ofSeconds(30)))
                .as("readiness after the restart")
                .isEqualTo(200);

        // 2. Plimsoll killed (SIGKILL) under load and started again.
        awaitAcks(acked, total * 2 / 5);
        app.kill();
        Thread.sleep(1000);
        figures.put("Plimsoll SIGKILL: restart until ready (s)", seconds(app.start()));

        // 3. Plimsoll stopped (SIGTERM) under load: in-flight requests finish, then it exits.
        awaitAcks(acked, total * 3 / 5);
        Duration shutdown = app.terminate();
        figures.put("Plimsoll SIGTERM: graceful shutdown took (s)", seconds(shutdown));
        observed.add("SIGTERM under load: exited with " + app.exitValue() + " after " + seconds(shutdown) + " s");
        assertThat(shutdown).isLessThan(Duration.ofSeconds(35));
        figures.put("Plimsoll SIGTERM: restart until ready (s)", seconds(app.start()));

        // 4. PostgreSQL paused (SIGSTOP) longer than the request timeouts, then resumed.
        if (LONG) {
            pausedDatabase();
        }

        // 5. Hostile requests while the collectors go on.
        hostileRequests();

        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(LONG ? 15 : 2));
        }
        collectors.forEach(SpoolingCollector::stop);
        for (SpoolingCollector collector : collectors) {
            assertThat(collector.failure()).as(collector.name() + " failed").isNull();
            assertThat(collector.drain(Duration.ofSeconds(60)))
                    .as(collector.name() + " spool drained")
                    .isTrue();
            assertThat(collector.rejected())
                    .as(collector.name() + " scans refused")
                    .isZero();
        }

        // Every scan sent and acknowledged is stored, once.
        Set<String> sent = new HashSet<>();
        List<SpoolingCollector.Ack> acks = new ArrayList<>();
        collectors.forEach(c -> {
            sent.addAll(c.sent());
            acks.addAll(c.acks());
        });
        Set<String> acknowledged = new HashSet<>();
        acks.forEach(a -> acknowledged.add(a.scanId()));
        Map<String, Integer> stored = new HashMap<>();
        try (Connection admin = pg.superuser("plimsoll");
                PreparedStatement sql = admin.prepareStatement(
                        "select s.id::text, count(d.scan_id) from scan s left join scan_document d"
                                + " on d.tenant_id = s.tenant_id and d.scan_id = s.id where s.tenant_id = ? group by s.id")) {
            sql.setObject(1, tenant);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    stored.merge(rows.getString(1), 1, Integer::sum);
                    assertThat(rows.getInt(2))
                            .as("raw documents of scan " + rows.getString(1))
                            .isEqualTo(1);
                }
            }
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored.keySet());
        long duplicates = stored.values().stream().filter(n -> n > 1).count();
        int storedProbes =
                (int) stored.keySet().stream().filter(probes::contains).count();
        stored.keySet().removeAll(probes);
        Set<String> unknown = new HashSet<>(stored.keySet());
        unknown.removeAll(sent);
        figures.put("scans sent", sent.size());
        figures.put("acknowledgements (201 + 200)", acks.size());
        figures.put(
                "  of which 200 (already stored, a retry)",
                acks.stream().filter(a -> a.status() == 200).count());
        figures.put("scans acknowledged", acknowledged.size());
        figures.put("scans stored", stored.size());
        figures.put("probe scans of the suite stored (not counted above)", storedProbes);
        figures.put("duplicates", duplicates);
        figures.put("lost (acknowledged, not stored)", lost.size());
        assertThat(lost).as("acknowledged but not stored").isEmpty();
        assertThat(duplicates).isZero();
        assertThat(unknown).as("stored but never sent").isEmpty();
        assertThat(acknowledged)
                .as("every spooled scan was delivered in the end")
                .isEqualTo(sent);
        assertThat(stored.keySet()).isEqualTo(sent);

        // The intervals and rollups are what a replay of the stored scans gives.
        ConsistencyReport report;
        try (Connection db = DriverManager.getConnection(pg.url("plimsoll"), APP, PASSWORD)) {
            db.setAutoCommit(false);
            try (PreparedStatement sql = db.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
                sql.setString(1, tenant.toString());
                sql.execute();
            }
            report = ConsistencyChecker.checkCurrentTenant(db);
            db.rollback();
        }
        figures.put("consistency: scans replayed", report.scans());
        figures.put(
                "consistency: intervals stored / recomputed / differing",
                report.intervals().stored() + " / " + report.intervals().recomputed() + " / "
                        + report.intervals().differing());
        figures.put(
                "consistency: rollup rows stored / recomputed / differing",
                report.rollups().stored() + " / " + report.rollups().recomputed() + " / "
                        + report.rollups().differing());
        figures.put("total time (s)", seconds(Duration.ofNanos(System.nanoTime() - started)));
        assertThat(report.differences()).as("differences from the replay").isEmpty();
        assertThat(report.consistent()).isTrue();
        assertThat(report.scans()).isEqualTo(sent.size() + storedProbes);
    }

    /** The database stops answering for longer than the timeouts, then comes back. */
    private void pausedDatabase() throws Exception {
        String token = collectorToken();
        pg.pause(true);
        long paused = System.nanoTime();
        try {
            // A request that needs a connection is answered 503 with Retry-After, not held.
            HttpResponse<String> answer = postScan(token, probeScan());
            Duration took = Duration.ofNanos(System.nanoTime() - paused);
            observed.add("PostgreSQL paused (SIGSTOP): a new scan was answered " + answer.statusCode()
                    + " Retry-After "
                    + answer.headers().firstValue("Retry-After").orElse("none") + " in "
                    + seconds(took) + " s");
            figures.put("database pause: answer to a new scan (s)", seconds(took));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            int ready = awaitReadiness(503, Duration.ofSeconds(30));
            observed.add("while paused /q/health/ready answered " + ready);
            long remaining = Duration.ofSeconds(45).toNanos() - (System.nanoTime() - paused);
            if (remaining > 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(remaining));
            }
        } finally {
            pg.pause(false);
        }
        long resumed = System.nanoTime();
        figures.put("database pause: paused for (s)", seconds(Duration.ofNanos(resumed - paused)));
        assertThat(awaitReadiness(200, Duration.ofSeconds(60))).isEqualTo(200);
        HttpResponse<String> after = postScan(token, probeScan());
        figures.put(
                "database pause: ready and storing again after resume (s)",
                seconds(Duration.ofNanos(System.nanoTime() - resumed)));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        observed.add("after SIGCONT the pool recovered without a restart: a new scan was stored (201)");
    }

    /** Pool exhaustion, slow clients, oversized and gzip-bomb bodies, a flood from one token. */
    private void hostileRequests() throws Exception {
        // Pool exhaustion: four times as many concurrent scans as connections: stored or 503, never 500.
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            String token = collectorToken();
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> postScan(token, probeScan())));
            }
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 503) {
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                }
            }
            observed.add("64 concurrent scans on 16 connections: " + statuses);
            assertThat(statuses.keySet()).isSubsetOf(201, 429, 503);
        } finally {
            pool.shutdownNow();
        }

        // Slow clients: 200 connections trickling headers do not keep a scan from being stored.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", app.base().getPort());
                socket.getOutputStream()
                        .write("POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            long t0 = System.nanoTime();
            HttpResponse<String> answer = postScan(collectorToken(), probeScan());
            observed.add("200 slowloris connections open: a scan was answered " + answer.statusCode() + " in "
                    + seconds(Duration.ofNanos(System.nanoTime() - t0)) + " s");
            assertThat(answer.statusCode()).isEqualTo(201);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }

        // Oversized body: refused with 413 from its declared length, before it is sent.
        int oversized = oversizedAnswer(collectorToken(), 40L * 1024 * 1024);
        observed.add("a 40 MiB body (Content-Length): " + oversized + " before the body was sent");
        assertThat(oversized).isEqualTo(413);

        // Gzip bomb: 100 MiB of zeros in about 100 KiB: refused at the decompressed limit.
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 100; i++) {
                gzip.write(zeros);
            }
        }
        HttpResponse<String> bombed = post(collectorToken(), bomb.toByteArray(), true);
        observed.add("gzip bomb (" + bomb.size() / 1024 + " KiB expanding to 100 MiB): " + bombed.statusCode());
        assertThat(bombed.statusCode()).isEqualTo(413);

        // Flood from one token: 429 for it, another token unaffected.
        String flooder = collectorToken();
        String other = collectorToken();
        Map<Integer, Integer> flood = new java.util.TreeMap<>();
        byte[] tiny = "{".getBytes(StandardCharsets.UTF_8);
        ExecutorService flooding = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> floods = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                floods.add(flooding.submit(() -> post(flooder, tiny, false).statusCode()));
            }
            for (Future<Integer> status : floods) {
                flood.merge(status.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
        } finally {
            flooding.shutdownNow();
        }
        HttpResponse<String> neighbour = postScan(other, probeScan());
        observed.add("800 requests from one token (16 at a time): " + flood + "; another token's scan: "
                + neighbour.statusCode());
        assertThat(flood).containsKey(429);
        assertThat(neighbour.statusCode()).isEqualTo(201);
    }

    private static void awaitAcks(IntSupplier acked, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LONG ? 10 : 2);
        while (acked.getAsInt() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acked.getAsInt() + " of " + count + " scans acknowledged in time");
            }
            Thread.sleep(100);
        }
    }

    private static long awaitFirstAckAfter(List<SpoolingCollector> collectors, long after, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            long first = collectors.stream()
                    .flatMap(c -> c.acks().stream())
                    .mapToLong(SpoolingCollector.Ack::nanos)
                    .filter(t -> t > after)
                    .min()
                    .orElse(0);
            if (first != 0) {
                return first;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no scan stored within " + within + " of the database restart");
    }

    private static int awaitReadiness(int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int last;
        do {
            last = app.readiness();
            if (last == status) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return last;
    }

    private static String collectorToken() throws SQLException {
        String token = CollectorTokenSecrets.generate();
        try (Connection admin = pg.superuser("plimsoll")) {
            update(
                    admin,
                    "insert into collector_token (tenant_id, id, team_id, name, prefix, secret_hash, created_by)"
                            + " values (?, ?, ?, ?, ?, ?, ?)",
                    tenant,
                    UUID.randomUUID(),
                    team,
                    "resilience",
                    CollectorTokenSecrets.displayPrefix(token),
                    CollectorTokenSecrets.hash(token),
                    "fault suite");
        }
        return token;
    }

    private static byte[] probeScan() {
        String host = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().minusSeconds(1);
        String id = UUID.randomUUID().toString();
        probes.add(id);
        return dev.plimsoll.wire.ScanJson.write(new dev.plimsoll.wire.ScanDocument(
                        id,
                        dev.plimsoll.wire.ScanBenchmark.CIS_DOCKER_1_6_0,
                        new dev.plimsoll.wire.ScanHost(host, host, null, null, null),
                        new dev.plimsoll.wire.ScanCollector("probe", null),
                        at.minusSeconds(2),
                        at,
                        List.of(new dev.plimsoll.wire.ScanResult(
                                "2.2", dev.plimsoll.wire.ResultStatus.pass, null, null, null))))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> postScan(String token, byte[] json) throws IOException, InterruptedException {
        return post(token, json, false);
    }

    private static HttpResponse<String> post(String token, byte[] body, boolean gzip)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.base().resolve("/api/v1/scans"))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends only the headers of a request declaring {@code length} bytes; answers the status. */
    private static int oversizedAnswer(String token, long length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.base().getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream()
                    .write(("POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }
    }

    private static void update(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
