package dev.plimsoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plimsoll.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard speed bar: a tenant of 2,000 hosts × 30 containers with 365 days of history,
 * the packaged application on 127.0.0.1 and wrk with 20 connections (20 users without think
 * time) against the overview, team and host pages and the posture API, now and as of 200 days
 * ago. Prints p50/p95/p99 and requests per second per endpoint and writes them to
 * target/bench/results.md. See docs/benchmarks.md for how to run it.
 *
 * <p>System properties: {@code bench.database} reuses an already seeded database (skips the
 * seed), {@code bench.keep=true} keeps the database it seeded, {@code bench.duration} (seconds per
 * endpoint, default 20), {@code bench.connections} (default 20), {@code bench.only} (substrings
 * of the endpoint names to run, separated by commas), {@code bench.cache=false} (the application
 * computes every request afresh: {@code plimsoll.dashboards.cache-max-age=0s}; default: the
 * dashboards' cache as configured), {@code bench.warmup} (seconds each endpoint is asked by 4
 * connections before it is measured, default 2; the application has just started, so its first
 * endpoints are otherwise measured while the JIT compiler is still at work).
 */
@Tag("bench")
class DashboardBenchmark {

    static final long PAGE_TARGET_MS = 150;
    static final long AS_OF_TARGET_MS = 300;

    record Endpoint(String name, String path, long targetMs) {}

    record Figures(
            Endpoint endpoint,
            long requests,
            double perSecond,
            double p50,
            double p95,
            double p99,
            double max,
            long errors) {}

    @Test
    void the_dashboard_answers_within_the_speed_bar_on_a_large_tenant() throws Exception {
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        int seconds = Integer.getInteger("bench.duration", 20);
        int warmUp = Integer.getInteger("bench.warmup", 2);
        int connections = Integer.getInteger("bench.connections", 20);
        String only = System.getProperty("bench.only", "");
        String reuse = System.getProperty("bench.database", "");
        boolean keep = Boolean.getBoolean("bench.keep") || !reuse.isBlank();
        boolean cache = Boolean.parseBoolean(System.getProperty("bench.cache", "true"));
        StringBuilder report = new StringBuilder();

        String serverUrl = System.getenv(TestDatabase.SERVER_URL_VARIABLE);
        TestDatabase created = reuse.isBlank() ? TestDatabase.create("plimsoll_bench") : null;
        String database = created != null ? created.database() : reuse;
        String base = serverUrl.substring(0, serverUrl.indexOf('/', "jdbc:postgresql://".length()));
        String jdbcUrl = base + "/" + database;
        String adminUrl = jdbcUrl + (serverUrl.contains("?") ? serverUrl.substring(serverUrl.indexOf('?')) : "");
        FleetGenerator generator = new FleetGenerator(FleetGenerator.Plan.standard(), Instant.now());

        Process app = null;
        try (BenchIdentityProvider idp = new BenchIdentityProvider()) {
            int port = freePort();
            app = start(out, port, jdbcUrl, idp.issuer(), cache);
            line(report, "Dashboards' cache: %s%n", cache ? "on (as configured)" : "off (cache-max-age=0s)");
            String url = "http://127.0.0.1:" + port;
            awaitReady(url, app);
            if (created != null) {
                try (Connection db = DriverManager.getConnection(adminUrl)) {
                    FleetGenerator.Result seeded = generator.write(db);
                    line(
                            report,
                            "Seeded %s: %,d assets, %,d scans, %,d intervals, %,d rollup rows in %.1f s%n",
                            database,
                            seeded.assets(),
                            seeded.scans(),
                            seeded.intervals(),
                            seeded.rollups(),
                            seeded.took().toMillis() / 1000.0);
                }
            }
            String host;
            try (Connection db = DriverManager.getConnection(adminUrl);
                    Statement sql = db.createStatement()) {
                try (ResultSet row = sql.executeQuery("select pg_size_pretty(pg_database_size(current_database())),"
                        + " (select count(*) from control_state), (select count(*) from asset)")) {
                    row.next();
                    line(
                            report,
                            "Database %s: %s, %,d intervals, %,d assets%n",
                            database,
                            row.getString(1),
                            row.getLong(2),
                            row.getLong(3));
                }
                try (ResultSet row = sql.executeQuery("select relname, pg_size_pretty(pg_total_relation_size(oid))"
                        + " from pg_class where relname in ('control_state', 'scan', 'asset', 'posture_rollup_daily')"
                        + " order by pg_total_relation_size(oid) desc")) {
                    while (row.next()) {
                        line(report, "  %s: %s (with indexes)%n", row.getString(1), row.getString(2));
                    }
                }
                try (ResultSet row =
                        sql.executeQuery("select id from asset where kind = 'host' and name = 'team-01-host-001'")) {
                    row.next();
                    host = row.getString(1);
                }
            }
            String token = idp.token(generator.adminSubject(), generator.adminEmail());
            String past = LocalDate.now(ZoneOffset.UTC).minusDays(200).toString();
            List<Endpoint> endpoints = List.of(
                    new Endpoint("overview page", "/app", PAGE_TARGET_MS),
                    new Endpoint("team page", "/app/teams/team-01", PAGE_TARGET_MS),
                    new Endpoint("host page", "/app/assets/" + host, PAGE_TARGET_MS),
                    new Endpoint("posture API", "/api/v1/posture", PAGE_TARGET_MS),
                    new Endpoint("overview page as of", "/app?asOf=" + past, AS_OF_TARGET_MS),
                    new Endpoint("team page as of", "/app/teams/team-01?asOf=" + past, AS_OF_TARGET_MS),
                    new Endpoint("host page as of", "/app/assets/" + host + "?asOf=" + past, AS_OF_TARGET_MS),
                    new Endpoint("posture API as of", "/api/v1/posture?asOf=" + past, AS_OF_TARGET_MS));
            Path script = out.resolve("report.lua");
            Files.writeString(script, """
                    done = function(summary, latency, requests)
                      io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
                        latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
                        summary.errors.status + summary.errors.timeout + summary.errors.connect
                          + summary.errors.read + summary.errors.write))
                    end
                    """);
            List<Figures> figures = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                if (!only.isBlank() && java.util.Arrays.stream(only.split(",")).noneMatch(endpoint.name()::contains)) {
                    continue;
                }
                long started = System.nanoTime();
                HttpResponse<byte[]> first;
                try {
                    first = get(url + endpoint.path(), token);
                } catch (IOException e) {
                    // The server closes a connection idle for 60 s (quarkus.http.idle-timeout).
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    line(
                            report,
                            "%s %s: no answer, connection closed after %,d ms%n",
                            endpoint.name(),
                            endpoint.path(),
                            ms);
                    failed.add(endpoint.name() + ": no answer within " + ms + " ms");
                    continue;
                }
                double firstMs = (System.nanoTime() - started) / 1e6;
                line(
                        report,
                        "%s %s: %d, %,d bytes, first request %.0f ms%n",
                        endpoint.name(),
                        endpoint.path(),
                        first.statusCode(),
                        first.body().length,
                        firstMs);
                if (first.statusCode() != 200) {
                    failed.add(
                            endpoint.name() + " answered " + first.statusCode() + " after " + (long) firstMs + " ms");
                    continue;
                }
                wrk(script, url + endpoint.path(), token, warmUp, Math.min(4, connections));
                Figures f = measure(endpoint, wrk(script, url + endpoint.path(), token, seconds, connections));
                figures.add(f);
                drain(adminUrl);
                line(
                        report,
                        "%-22s p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %7.1f req/s  %s%n",
                        f.endpoint().name(),
                        f.p50(),
                        f.p95(),
                        f.p99(),
                        f.max(),
                        f.perSecond(),
                        f.p95() < f.endpoint().targetMs()
                                ? "met"
                                : "NOT met (target p95 < " + f.endpoint().targetMs() + " ms)");
            }
            report.append("\n| Endpoint | p50 ms | p95 ms | p99 ms | req/s | requests | failed | target p95 |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (Figures f : figures) {
                report.append(String.format(
                        "| %s | %.0f | %.0f | %.0f | %.1f | %d | %d | < %d ms %s |%n",
                        f.endpoint().name(),
                        f.p50(),
                        f.p95(),
                        f.p99(),
                        f.perSecond(),
                        f.requests(),
                        f.errors(),
                        f.endpoint().targetMs(),
                        f.p95() < f.endpoint().targetMs() ? "met" : "**not met**"));
            }
            for (String failure : failed) {
                report.append("\n").append(failure).append("\n");
            }
            Files.writeString(out.resolve("results.md"), report.toString());
            System.out.println(report);
            assertEquals(List.of(), failed, "every endpoint answers 200");
            for (Figures f : figures) {
                assertEquals(0, f.errors(), f.endpoint().name() + ": every request answers 200");
                assertTrue(f.requests() > 0, f.endpoint().name() + ": requests were made");
            }
        } finally {
            if (app != null) {
                app.destroy();
                if (!app.waitFor(30, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
            if (created != null && !keep) {
                created.close();
            } else if (created != null) {
                System.out.println("Kept database " + database + " (-Dbench.database=" + database + " reuses it)");
            }
        }
    }

    private static Process start(Path out, int port, String jdbcUrl, String issuer, boolean cache) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Package the application first: ./mvnw package -DskipTests");
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.APP);
        env.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.PASSWORD);
        env.put("QUARKUS_DATASOURCE_OWNER_USERNAME", TestDatabase.OWNER);
        env.put("QUARKUS_DATASOURCE_OWNER_PASSWORD", TestDatabase.PASSWORD);
        env.put("PLIMSOLL_DATABASE_APP_ROLE", TestDatabase.APP);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", issuer);
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", "bench-client-secret-0123456789abcdef0123456789");
        // The load tool cannot log in through a browser: the pages accept the same bearer tokens
        // as the API here (hybrid), so the same page code runs behind a different credential.
        env.put("QUARKUS_OIDC_APPLICATION_TYPE", "hybrid");
        if (!cache) {
            env.put("PLIMSOLL_DASHBOARDS_CACHE_MAX_AGE", "0s");
        }
        builder.redirectErrorStream(true);
        builder.redirectOutput(out.resolve("app.log").toFile());
        return builder.start();
    }

    private static void awaitReady(String url, Process app) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("The application stopped; see target/bench/app.log");
            }
            try {
                HttpResponse<String> ready = client.send(
                        HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The application did not become ready; see target/bench/app.log");
    }

    private static HttpResponse<byte[]> get(String url, String token) throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofMinutes(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String wrk(Path script, String url, String token, int seconds, int connections) throws Exception {
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t2",
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--timeout",
                        "60s",
                        "-s",
                        script.toString(),
                        "-H",
                        "Authorization: Bearer " + token,
                        url)
                .redirectErrorStream(true)
                .start();
        String output = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return output;
    }

    private static Figures measure(Endpoint endpoint, String output) {
        String result = output.lines()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No result from wrk: " + output));
        String[] v = result.split(" ");
        long requests = Long.parseLong(v[1]);
        double seconds = Long.parseLong(v[2]) / 1e6;
        return new Figures(
                endpoint,
                requests,
                requests / seconds,
                Long.parseLong(v[3]) / 1000.0,
                Long.parseLong(v[4]) / 1000.0,
                Long.parseLong(v[5]) / 1000.0,
                Long.parseLong(v[6]) / 1000.0,
                Long.parseLong(v[7]));
    }

    /** Waits until the requests still running after wrk stopped have finished in the database. */
    private static void drain(String adminUrl) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (Connection db = DriverManager.getConnection(adminUrl);
                Statement sql = db.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet row = sql.executeQuery("select count(*) from pg_stat_activity where datname ="
                        + " current_database() and state = 'active' and pid <> pg_backend_pid()")) {
                    row.next();
                    if (row.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(format, args);
        report.append(text);
        System.out.print(text);
    }
}
