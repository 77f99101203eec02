package dev.plimsoll.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak for the end-to-end suite: {@code src/demo/keycloak.sh} fetches the distribution
 * from Maven Central (once per build directory), imports the demo realm and waits until it
 * answers. The application under test is pointed at it, with cookies allowed over plain HTTP.
 *
 * <p>Everything uses {@code localhost}: the issuer in the tokens must match the configured server
 * URL exactly, and the browser, the tests and the application all reach Keycloak by that name.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final int PORT = 8181;
    public static final String REALM_URL = "http://localhost:" + PORT + "/realms/plimsoll";
    public static final String CLIENT_ID = "plimsoll";
    public static final String CLIENT_SECRET = "plimsoll-demo-client-secret-change-me-0123456789";
    /** Every user of the demo realm has this password. */
    public static final String PASSWORD = "plimsoll";

    static final String REALM_FILE = "src/demo/keycloak/plimsoll-realm.json";
    static final String SCRIPT = "src/demo/keycloak.sh";

    /** Download (about 180 MB) plus the first start (about a minute); keycloak.sh gives up after 4 minutes. */
    private static final Duration START_LIMIT = Duration.ofMinutes(10);

    private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

    private final Path workDir = EndToEnd.buildDir().resolve("e2e-keycloak");

    @Override
    public Map<String, String> start() {
        long started = System.nanoTime();
        try {
            run(
                    List.of("bash", SCRIPT, "start", workDir.toString(), String.valueOf(PORT), REALM_FILE),
                    "keycloak-start.log",
                    START_LIMIT);
            System.out.printf(
                    "Keycloak answers at %s (ready in %d s)%n",
                    REALM_URL, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } catch (RuntimeException e) {
            // A half-started Keycloak must not outlive the run.
            stopQuietly();
            throw e;
        }
        return Map.of(
                "quarkus.oidc.auth-server-url", REALM_URL,
                "quarkus.oidc.client-id", CLIENT_ID,
                "quarkus.oidc.credentials.secret", CLIENT_SECRET,
                // Plain HTTP on localhost: the session, state and CSRF cookies may not be Secure-only.
                "quarkus.oidc.authentication.cookie-force-secure", "false",
                "quarkus.rest-csrf.cookie-force-secure", "false");
    }

    @Override
    public void stop() {
        run(List.of("bash", SCRIPT, "stop", workDir.toString()), "keycloak-stop.log", STOP_LIMIT);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Could not stop Keycloak: " + e.getMessage());
        }
    }

    private void run(List<String> command, String logName, Duration limit) {
        Path log = EndToEnd.logDir().resolve(logName);
        String shown = String.join(" ", command);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "`" + shown + "` did not finish within " + limit.toMinutes() + " minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("`" + shown + "` failed (exit " + process.exitValue() + "); see " + log
                        + " and " + workDir.resolve("keycloak.log") + ":\n" + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run `" + shown + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running `" + shown + "`", e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
