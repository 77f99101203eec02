package dev.plimsoll.e2e;

import static dev.plimsoll.e2e.EndToEnd.APP_URL;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.net.PortProber;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person in a real Chromium signs in through the real Keycloak (authorization code with PKCE),
 * uses a CSRF-protected form of the packaged application and signs out. Every test starts with a
 * fresh browser profile and signs in itself.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = KeycloakResource.class, restrictToAnnotatedClass = true)
class BrowserLoginIT {

    /** Not the admin of {@link BearerTokenIT}: each class has a person of its own to invite. */
    static final String ADMIN = "admin@globex.test";

    static final String TENANT_NAME = "Harbour Freight";

    Path profile;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void aTenantWhoseAdminSignsIn() {
        EndToEnd.createTenant(TENANT_NAME, ADMIN);
    }

    @BeforeEach
    void openBrowser() throws IOException {
        profile = Files.createTempDirectory("plimsoll-e2e-chromium");
        browser = chromium(profile);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void signing_in_goes_through_keycloak_with_pkce_and_lands_on_the_tenant_dashboard() throws IOException {
        browser.get(APP_URL + "/");
        browser.findElement(By.linkText("Sign in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl())
                .startsWith(KeycloakResource.REALM_URL + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256")
                .contains("code_challenge=");

        submitLogin(ADMIN);

        wait.until(ExpectedConditions.urlToBe(APP_URL + "/app"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(TENANT_NAME);
        Files.write(
                EndToEnd.logDir().resolve("dashboard.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_lax() {
        signIn();

        Set<Cookie> session = browser.manage().getCookies().stream()
                .filter(c -> c.getName().startsWith("q_session"))
                .collect(Collectors.toSet());
        assertThat(session).isNotEmpty().allSatisfy(cookie -> {
            assertThat(cookie.isHttpOnly())
                    .as(cookie.getName() + " is HttpOnly")
                    .isTrue();
            assertThat(cookie.getSameSite()).as(cookie.getName() + " SameSite").isEqualToIgnoringCase("Lax");
        });
    }

    @Test
    void an_org_admin_adds_a_team_through_the_form_and_sees_it_listed() {
        signIn();
        String slug = uniqueSlug();

        browser.get(APP_URL + "/app/teams");
        browser.findElement(By.name("name")).sendKeys("Customs");
        browser.findElement(By.name("slug")).sendKeys(slug);
        browser.findElement(By.cssSelector("form[action='/app/teams'] button[type=submit]"))
                .click();

        wait.until(ExpectedConditions.presenceOfElementLocated(teamRow(slug)));
        assertThat(browser.findElement(teamRow(slug)).getText()).contains("Customs");
    }

    @Test
    void a_form_post_without_the_csrf_token_is_refused() {
        signIn();
        browser.get(APP_URL + "/app/teams");
        WebDriverForm form = WebDriverForm.of(browser);
        String accepted = uniqueSlug();
        String forged = uniqueSlug();

        // The same session posting the page's token is accepted: the client below is not the problem.
        given().cookies(form.cookies())
                .contentType(ContentType.URLENC)
                .formParams(Map.of(form.csrfName(), form.csrfToken(), "slug", accepted, "name", "Accepted"))
                .post(APP_URL + "/app/teams")
                .then()
                .statusCode(200);
        int refused = given().cookies(form.cookies())
                .contentType(ContentType.URLENC)
                .formParams(Map.of("slug", forged, "name", "Forged"))
                .post(APP_URL + "/app/teams")
                .then()
                .extract()
                .statusCode();

        assertThat(refused).isIn(400, 403);
        browser.get(APP_URL + "/app/teams");
        assertThat(browser.findElements(teamRow(accepted))).hasSize(1);
        assertThat(browser.findElements(teamRow(forged))).isEmpty();
    }

    @Test
    void signing_out_returns_to_the_public_page_and_the_dashboard_asks_to_sign_in_again() {
        signIn();

        browser.get(APP_URL + "/logout");

        wait.until(ExpectedConditions.urlMatches("^" + APP_URL + "/(\\?.*)?$"));
        assertThat(browser.findElements(By.linkText("Sign in"))).isNotEmpty();
        assertThat(browser.findElements(By.linkText("Open your dashboard"))).isEmpty();
        browser.get(APP_URL + "/app");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).startsWith(KeycloakResource.REALM_URL);
    }

    private void signIn() {
        browser.get(APP_URL + "/app");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        submitLogin(ADMIN);
        wait.until(ExpectedConditions.urlToBe(APP_URL + "/app"));
    }

    private void submitLogin(String email) {
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(KeycloakResource.PASSWORD);
        browser.findElement(By.id("kc-login")).click();
    }

    private static By teamRow(String slug) {
        return By.cssSelector("tr[data-team='" + slug + "']");
    }

    private static String uniqueSlug() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The Debian Chromium and its ChromeDriver, headless, with a profile of its own. */
    private static WebDriver chromium(Path profile) throws IOException {
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
                "--window-size=1280,1024",
                "--user-data-dir=" + profile);
        // The service's constructor rather than its Builder: the Builder carries an annotation whose
        // class is not on the test classpath, and javac would warn about it on every build.
        int port = PortProber.findFreePort();
        ChromeDriverService service = new ChromeDriverService(
                new File("/usr/bin/chromedriver"),
                port,
                Duration.ofSeconds(30),
                List.of(
                        "--port=" + port,
                        "--log-path=" + EndToEnd.logDir().resolve("chromedriver.log"),
                        "--append-log"),
                Map.of());
        // Its own log goes to --log-path; what it prints on start is noise in the build's output.
        service.sendOutputTo(OutputStream.nullOutputStream());
        return new ChromeDriver(service, options);
    }

    /** The cookies of the browser's session and the hidden CSRF field of the page's form. */
    private record WebDriverForm(Map<String, String> cookies, String csrfName, String csrfToken) {

        static WebDriverForm of(WebDriver browser) {
            var hidden = browser.findElement(By.cssSelector("form[action='/app/teams'] input[type=hidden]"));
            Map<String, String> cookies =
                    browser.manage().getCookies().stream().collect(Collectors.toMap(Cookie::getName, Cookie::getValue));
            return new WebDriverForm(cookies, hidden.getDomAttribute("name"), hidden.getDomProperty("value"));
        }
    }
}
