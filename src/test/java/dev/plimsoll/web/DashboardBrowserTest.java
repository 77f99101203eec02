package dev.plimsoll.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real Chromium: each role signs in through the authorization-code flow of the
 * local OIDC test server, opens every page, and the numbers on the page match the API's for the
 * same person. Screenshots go to target/screenshots/.
 */
@QuarkusTest
class DashboardBrowserTest {

    static final List<String> ROLES = List.of("org-admin", "security-manager", "auditor", "team-member");

    @OidcWireMock
    WireMockServer oidc;

    @TestHTTPResource("/")
    URL base;

    DashboardWorld world;
    WebDriver browser;

    @BeforeEach
    void start() throws IOException {
        world = new DashboardWorld();
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
                "--user-data-dir=" + Files.createTempDirectory("plimsoll-pages-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Opens a page; the first time, Plimsoll sends the browser to sign in and the test answers with a code. */
    void signIn(String role) {
        String subject = world.subjects.get(role);
        String code = WebLogin.codeFor(oidc, subject, subject + "@example.com");
        browser.get(url("/app"));
        Map<String, String> query = WebLogin.query(URI.create(browser.getCurrentUrl()));
        assertThat(query).as("sent to the sign-in page").containsKeys("state", "redirect_uri");
        browser.get(query.get("redirect_uri") + "?state=" + query.get("state") + "&code=" + code);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=tenant-score]")));
    }

    String url(String path) {
        String root = base.toString();
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path;
    }

    void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    static BigDecimal percent(String text) {
        String t = text.replace("%", "").trim();
        return t.equals("—") ? null : new BigDecimal(t);
    }

    static void sameScore(String page, Object api) {
        BigDecimal shown = percent(page);
        if (api == null) {
            assertThat(shown).isNull();
        } else {
            assertThat(shown).isEqualByComparingTo(new BigDecimal(api.toString()));
        }
    }

    @Test
    void every_role_signs_in_opens_every_page_and_sees_the_numbers_of_the_api() throws IOException {
        for (String role : ROLES) {
            browser.manage().deleteAllCookies();
            signIn(role);
            String token = Tokens.person(world.subjects.get(role), world.subjects.get(role) + "@example.com");

            Map<String, Object> tenant = given().auth()
                    .oauth2(token)
                    .get("/api/v1/posture")
                    .jsonPath()
                    .getMap("");
            sameScore(
                    browser.findElement(By.cssSelector("[data-testid=tenant-score]"))
                            .getText(),
                    tenant.get("score"));
            assertThat(browser.findElement(By.cssSelector("[data-testid=movement]"))
                            .getText())
                    .startsWith("Score");
            List<WebElement> teams = browser.findElements(By.cssSelector("[data-testid=teams] tbody tr[data-team]"));
            assertThat(teams).hasSize(role.equals("team-member") ? 1 : 2);
            screenshot(role + "-overview");

            browser.get(url("/app/teams/alpha"));
            Map<String, Object> alpha = given().auth()
                    .oauth2(token)
                    .queryParam("team", "alpha")
                    .get("/api/v1/posture")
                    .jsonPath()
                    .getMap("");
            sameScore(
                    browser.findElement(By.cssSelector("[data-testid=team-score]"))
                            .getText(),
                    alpha.get("score"));
            assertThat(browser.findElement(By.cssSelector(".counts")).getText())
                    .startsWith(alpha.get("passed") + " passed · " + alpha.get("failed") + " failed");
            screenshot(role + "-team");

            browser.get(url("/app/assets/" + world.alphaHost));
            // The enhancement adds a filter box; filtering hides the rows that do not match.
            WebElement controls = browser.findElement(By.cssSelector("table[data-testid=controls]"));
            WebElement filter = controls.findElement(By.xpath("preceding-sibling::input[1]"));
            filter.sendKeys("2.2");
            long visible = controls.findElements(By.cssSelector("tbody tr")).stream()
                    .filter(WebElement::isDisplayed)
                    .count();
            assertThat(visible).isEqualTo(1);
            assertThat(browser.findElements(By.cssSelector("table[data-testid=scans] a[download]")))
                    .hasSize(1);
            screenshot(role + "-asset");

            browser.get(url("/app/controls/cis-docker/2.1"));
            assertThat(browser.getPageSource()).contains("alpha-host-" + world.suffix);
            screenshot(role + "-control");

            browser.get(url("/app/checklist"));
            assertThat(browser.getTitle()).contains("Plimsoll");
            screenshot(role + "-checklist");

            browser.get(url("/app/teams/beta"));
            if (role.equals("team-member")) {
                assertThat(browser.getPageSource()).doesNotContain("beta-host-");
            } else {
                assertThat(browser.getPageSource()).contains("beta-host-" + world.suffix);
                // No alert opened from the hostile team name: the page is still the page.
                assertThat(browser.findElement(By.cssSelector("h1")).getText()).startsWith("Beta \"'><script>");
            }
            screenshot(role + "-team-beta");
        }
    }

    @Test
    void a_column_heading_sorts_the_rows_in_the_browser() {
        signIn("org-admin");
        browser.get(url("/app"));
        WebElement table = browser.findElement(By.cssSelector("table[data-testid=teams]"));
        WebElement heading = table.findElement(By.cssSelector("thead th button.sort"));
        heading.click();
        List<String> ascending = table.findElements(By.cssSelector("tbody tr[data-team]")).stream()
                .map(r -> r.getAttribute("data-team"))
                .toList();
        heading.click();
        List<String> descending = table.findElements(By.cssSelector("tbody tr[data-team]")).stream()
                .map(r -> r.getAttribute("data-team"))
                .toList();
        // By team name: "Beta …" before "Team alpha".
        assertThat(ascending).containsExactly("beta", "alpha");
        assertThat(descending).containsExactly("alpha", "beta");
    }
}
