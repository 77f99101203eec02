package dev.plimsoll.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.plimsoll.platform.db.TenantContext;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo data: written once, with history, invitations that bind at first sign-in, and nothing shared between tenants. */
@QuarkusTest
class DemoDataTest {

    @Inject
    DemoWriter writer;

    @Inject
    TenantContext tenants;

    @Inject
    DemoSeeder seeder;

    @BeforeEach
    void seed() {
        seeder.seedAll();
    }

    @Test
    void the_demos_current_failures_have_open_remediation_items() {
        String manager = Tokens.person("demo-manager-acme", "manager@acme.test");
        int failed = given().auth()
                .oauth2(manager)
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .extract()
                .path("failed");
        int items = given().auth()
                .oauth2(manager)
                .queryParam("size", 1)
                .get("/api/v1/remediation-items")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
        assertThat(failed).isPositive();
        assertThat(items).isGreaterThanOrEqualTo(failed);
    }

    @Test
    void seeding_twice_writes_nothing_the_second_time() {
        for (DemoFleet.TenantPlan plan : DemoFleet.plans()) {
            assertThat(tenants.callAs(plan.id(), () -> writer.writeIfAbsent(plan)))
                    .isZero();
        }
    }

    @Test
    void every_demo_team_has_a_current_score_and_ninety_days_of_trend() {
        String manager = Tokens.person("demo-manager-acme", "manager@acme.test");
        for (String team : List.of("payments", "platform", "web")) {
            given().auth()
                    .oauth2(manager)
                    .queryParam("team", team)
                    .when()
                    .get("/api/v1/posture")
                    .then()
                    .statusCode(200)
                    .body("score", notNullValue())
                    .body("passed", greaterThan(0));
            given().auth()
                    .oauth2(manager)
                    .queryParam("team", team)
                    .when()
                    .get("/api/v1/posture/trend")
                    .then()
                    .statusCode(200)
                    .body("points", hasSize(DemoFleet.HISTORY_DAYS + 1))
                    .body("points.findAll { it.score == null }", hasSize(0));
        }
    }

    @Test
    void the_host_that_stopped_reporting_is_stale_and_left_out_of_the_score() {
        String manager = Tokens.person("demo-manager-acme", "manager@acme.test");
        // The last team's last host and its six containers stopped reporting ten days ago.
        given().auth()
                .oauth2(manager)
                .queryParam("team", "web")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("stale", equalTo(1 + 6))
                .body("assets", equalTo(1 + 6));
        given().auth()
                .oauth2(manager)
                .queryParam("team", "payments")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("stale", equalTo(0));
    }

    @Test
    void a_tenant_sees_none_of_the_other_demo_tenants_data() {
        String globex = Tokens.person("demo-manager-globex", "manager@globex.test");
        given().auth()
                .oauth2(globex)
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.slug", contains("data", "ops"));
        given().auth()
                .oauth2(globex)
                .queryParam("team", "payments")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(404);
    }

    @Test
    void the_demo_auditor_is_invited_to_both_tenants_and_bound_at_first_sign_in() {
        String token = Tokens.person("auditor-subject-" + UUID.randomUUID(), "auditor@acme.test");
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenants.slug", containsInAnyOrder("acme", "globex"));
        given().auth()
                .oauth2(token)
                .header("Plimsoll-Tenant", "globex")
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant.slug", equalTo("globex"))
                .body("role", equalTo("auditor"));
    }
}
