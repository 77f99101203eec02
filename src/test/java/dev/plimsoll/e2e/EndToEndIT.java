package dev.plimsoll.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end against a real Keycloak (fetched from Maven Central and started with the demo realm),
 * the packaged application and a real Chromium: sign-in through the browser flow with PKCE, bearer
 * access tokens on the API, ID tokens refused, a CSRF-protected form, sign-out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    static final int KEYCLOAK_PORT = 8181;
    static final int APP_PORT = 8081;
    static final String KEYCLOAK = "http://localhost:" + KEYCLOAK_PORT + "/realms/plimsoll";
    static final String APP = "http://localhost:" + APP_PORT;
    static final String SECRET = "plimsoll-demo-client-secret-change-me-0123456789";
    static final String TENANT = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static Path build;
    static Path keycloakWork;
    static TestDatabase database;
    static Process app;

    @BeforeAll
    static void start() throws Exception {
        build = Path.of(System.getProperty("plimsoll.build.dir", "target"));
        keycloakWork = build.resolve("e2e-keycloak");
        Files.createDirectories(build.resolve("e2e"));
        run(
                List.of(
                        "bash",
                        "src/demo/keycloak.sh",
                        "start",
                        keycloakWork.toString(),
                        String.valueOf(KEYCLOAK_PORT),
                        "src/demo/keycloak/plimsoll-realm.json"),
                build.resolve("e2e/keycloak-start.log"));
        database = TestDatabase.create("plimsoll_e2e");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        build.resolve("quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(build.resolve("e2e/plimsoll.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(APP_PORT));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.APP);
        env.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.PASSWORD);
        env.put("QUARKUS_DATASOURCE_OWNER_USERNAME", TestDatabase.OWNER);
        env.put("QUARKUS_DATASOURCE_OWNER_PASSWORD", TestDatabase.PASSWORD);
        env.put("PLIMSOLL_DATABASE_APP_ROLE", TestDatabase.APP);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", KEYCLOAK);
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", SECRET);
        env.put("QUARKUS_OIDC_AUTHENTICATION_COOKIE_FORCE_SECURE", "false");
        env.put("QUARKUS_REST_CSRF_COOKIE_FORCE_SECURE", "false");
        app = builder.start();
        for (int i = 0; i < 120; i++) {
            if (!app.isAlive()) {
                throw new IllegalStateException(
                        "Plimsoll stopped while starting; see " + build.resolve("e2e/plimsoll.log"));
            }
            try {
                if (get(APP + "/q/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Plimsoll did not become ready in 2 minutes");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor();
        }
        if (database != null) {
            database.close();
        }
        run(
                List.of("bash", "src/demo/keycloak.sh", "stop", keycloakWork.toString()),
                build.resolve("e2e/keycloak-stop.log"));
    }

    @Test
    @Order(1)
    void an_operator_creates_a_tenant_and_its_invited_admin_is_org_admin_there() throws Exception {
        String operator = tokens("operator@plimsoll.test").get("access_token").asText();
        HttpResponse<String> created = post(
                APP + "/api/v1/tenants",
                operator,
                "{\"slug\":\"" + TENANT + "\",\"name\":\"End to end\",\"adminEmail\":\"admin@acme.test\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String admin = tokens("admin@acme.test").get("access_token").asText();
        HttpResponse<String> me = get(APP + "/api/v1/me", admin);
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(me.body());
        assertThat(body.path("tenant").path("slug").asText()).isEqualTo(TENANT);
        assertThat(body.path("role").asText()).isEqualTo("org-admin");
    }

    @Test
    @Order(2)
    void an_id_token_or_a_tampered_token_is_not_an_access_token() throws Exception {
        JsonNode tokens = tokens("admin@acme.test");
        assertThat(get(APP + "/api/v1/me", tokens.get("id_token").asText()).statusCode())
                .isEqualTo(401);
        String access = tokens.get("access_token").asText();
        String tampered = access.substring(0, access.length() - 4) + (access.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(get(APP + "/api/v1/me", tampered).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void the_operator_sees_no_tenant_data_and_others_cannot_create_tenants() throws Exception {
        String operator = tokens("operator@plimsoll.test").get("access_token").asText();
        assertThat(get(APP + "/api/v1/teams", operator).statusCode()).isEqualTo(403);
        String manager = tokens("manager@acme.test").get("access_token").asText();
        HttpResponse<String> refused = post(
                APP + "/api/v1/tenants",
                manager,
                "{\"slug\":\"nope-1\",\"name\":\"No\",\"adminEmail\":\"x@example.com\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void a_person_signs_in_with_the_browser_uses_a_form_and_signs_out() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(APP + "/app");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            assertThat(browser.getCurrentUrl()).startsWith(KEYCLOAK).contains("code_challenge_method=S256");
            browser.findElement(By.id("username")).sendKeys("admin@acme.test");
            browser.findElement(By.id("password")).sendKeys("plimsoll");
            browser.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.urlToBe(APP + "/app"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("End to end");

            Cookie session = browser.manage().getCookies().stream()
                    .filter(c -> c.getName().startsWith("q_session"))
                    .findFirst()
                    .orElseThrow();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualToIgnoringCase("Lax");
            screenshot(browser, "dashboard");

            browser.get(APP + "/app/teams");
            browser.findElement(By.name("name")).sendKeys("Payments");
            browser.findElement(By.name("slug")).sendKeys("payments");
            browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-team=payments]")));
            screenshot(browser, "teams");

            // The same post without the CSRF token, with the session cookie: refused, nothing created.
            String cookies = browser.manage().getCookies().stream()
                    .map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            HttpResponse<String> forged = HTTP.send(
                    HttpRequest.newBuilder(URI.create(APP + "/app/teams"))
                            .header("Cookie", cookies)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("slug=forged&name=Forged"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isBetween(400, 403);
            browser.get(APP + "/app/teams");
            assertThat(browser.findElements(By.cssSelector("tr[data-team=forged]")))
                    .isEmpty();

            browser.get(APP + "/logout");
            wait.until(ExpectedConditions.urlMatches("^" + APP + "/(\\?.*)?$"));
            browser.get(APP + "/app");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            assertThat(browser.getCurrentUrl()).startsWith(KEYCLOAK);
        } finally {
            browser.quit();
        }
    }

    private static WebDriver browser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1200",
                "--user-data-dir=" + Files.createTempDirectory("plimsoll-e2e-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Files.write(
                build.resolve("e2e/" + name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static JsonNode tokens(String user) throws Exception {
        String form = Map.of(
                        "grant_type", "password",
                        "client_id", "plimsoll",
                        "client_secret", SECRET,
                        "username", user,
                        "password", "plimsoll",
                        "scope", "openid email profile")
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(KEYCLOAK + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String token, String json)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(Duration.ofMinutes(6).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }
}
