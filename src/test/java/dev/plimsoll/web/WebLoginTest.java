package dev.plimsoll.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebLoginTest {

    @OidcWireMock
    WireMockServer oidc;

    @Test
    void a_member_signs_in_through_the_code_flow_and_sees_the_overview() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("payments");
        String subject = "user-" + java.util.UUID.randomUUID();
        Fixtures.update(
                "insert into membership (tenant_id, id, email, subject, role, bound_at) values (?, ?, ?, ?, 'auditor', now())",
                tenant.id(),
                java.util.UUID.randomUUID(),
                subject + "@example.com",
                subject);
        Map<String, String> session = WebLogin.session(oidc, subject, subject + "@example.com");
        given().cookies(session)
                .redirects()
                .follow(false)
                .when()
                .get("/app")
                .then()
                .statusCode(200)
                .body(containsString("Tenant " + tenant.slug()))
                .body(containsString("Teams, weakest first"));
    }
}
