package dev.plimsoll.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) run as a process of its own
 * on a free port, so that it can be sent SIGTERM and SIGKILL. Collector tokens are checked in the
 * database, so no identity provider is needed: OIDC points at a closed port (startup logs one line
 * and goes on).
 */
final class PlimsollProcess implements AutoCloseable {

    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    PlimsollProcess(Map<String, String> environment, Path log) {
        this.environment = environment;
        this.log = log;
        this.port = Integer.parseInt(environment.get("QUARKUS_HTTP_PORT"));
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("plimsoll.build.dir", "target"), "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No " + jar + ": build it with ./mvnw package -DskipTests -Dskip.e2e=true first");
        }
        return jar;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the application and waits until it is ready; answers how long that took. */
    Duration start() throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Plimsoll exited with " + process.exitValue() + "; see " + log);
            }
            if (readiness() == 200) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Plimsoll did not become ready in 120 s; see " + log);
    }

    /** The status of /q/health/ready, 0 when there is no answer. */
    int readiness() throws InterruptedException {
        try {
            return http.send(
                            HttpRequest.newBuilder(base().resolve("/q/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** SIGTERM; waits for the exit and answers how long the graceful shutdown took. */
    Duration terminate() throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Plimsoll did not stop within 60 s of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
