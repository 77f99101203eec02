package dev.plimsoll.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.plimsoll.platform.db.TenantContext;
import dev.plimsoll.posture.PostureSummaryService;
import dev.plimsoll.posture.TeamPosture;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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
    PostureSummaryService posture;

    @BeforeEach
    void seed() {
        for (DemoFleet.TenantPlan plan : DemoFleet.plans()) {
            tenants.callAs(plan.id(), () -> writer.writeIfAbsent(plan));
        }
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
        DemoFleet.TenantPlan acme = DemoFleet.plans().get(0);
        List<TeamPosture> teams = tenants.callAs(acme.id(), () -> posture.teams(DemoFleet.HISTORY_DAYS));
        assertThat(teams).extracting(TeamPosture::slug).containsExactly("payments", "platform", "web");
        for (TeamPosture team : teams) {
            assertThat(team.score().percent()).as(team.slug()).isNotNull();
            assertThat(team.score().passed() + team.score().failed())
                    .as(team.slug())
                    .isPositive();
            assertThat(team.trend()).as(team.slug()).hasSize(DemoFleet.HISTORY_DAYS + 1);
            assertThat(team.sparkline()).as(team.slug()).isNotBlank();
        }
    }

    @Test
    void the_host_that_stopped_reporting_is_stale_and_left_out_of_the_score() {
        DemoFleet.TenantPlan acme = DemoFleet.plans().get(0);
        Map<String, TeamPosture> teams = tenants.callAs(acme.id(), () -> posture.teams(30)).stream()
                .collect(Collectors.toMap(TeamPosture::slug, t -> t));
        // The last team's last host and its containers stopped reporting.
        assertThat(teams.get("web").stale()).isEqualTo(1 + 6);
        assertThat(teams.get("web").assets()).isEqualTo(1 + 6);
        assertThat(teams.get("payments").stale()).isZero();
    }

    @Test
    void a_tenant_sees_none_of_the_other_demo_tenants_data() {
        UUID unknownTenant = UUID.randomUUID();
        assertThat(tenants.callAs(unknownTenant, () -> posture.teams(30))).isEmpty();
        DemoFleet.TenantPlan globex = DemoFleet.plans().get(1);
        assertThat(tenants.callAs(globex.id(), () -> posture.teams(30)))
                .extracting(TeamPosture::slug)
                .containsExactly("data", "ops");
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
