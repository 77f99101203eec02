package dev.plimsoll.remediation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.plimsoll.platform.db.TenantContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exceptions: who may request and decide, what they cover, both scores, and expiry reopening items. */
@QuarkusTest
class ExceptionsTest {

    static final Instant T0 = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    RemediationSync sync;

    @Inject
    RemediationJobs jobs;

    @Inject
    TenantContext tenants;

    static Map<String, Object> request(String team, String scope, String pattern, Instant expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("team", team);
        body.put("control", "5.5");
        body.put("scope", scope);
        if (pattern != null) {
            body.put("pattern", pattern);
        }
        body.put("justification", "Monitoring agent needs privileges until the vendor ships v5");
        body.put("expiresAt", expiresAt.toString());
        return body;
    }

    static String requestException(String token, Map<String, Object> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/exceptions")
                .then()
                .statusCode(201)
                .body("state", equalTo("requested"))
                .extract()
                .path("id");
    }

    static io.restassured.response.Response decide(String token, String id, String decision) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "checked"))
                .post("/api/v1/exceptions/" + id + "/" + decision);
    }

    @Test
    void the_requester_cannot_approve_their_own_exception_and_another_security_manager_can() {
        Fleet fleet = new Fleet();
        String manager = fleet.tenant.member("security-manager");
        String otherManager = fleet.tenant.member("security-manager");
        Instant in30Days = Instant.now().plus(Duration.ofDays(30));
        String id = requestException(manager, request(fleet.teamSlug, "team", null, in30Days));
        decide(manager, id, "approve").then().statusCode(403);
        decide(otherManager, id, "approve").then().statusCode(200).body("state", equalTo("approved"));
        decide(otherManager, id, "refuse").then().statusCode(409);

        String refused = requestException(manager, request(fleet.teamSlug, "team", null, in30Days));
        decide(otherManager, refused, "refuse").then().statusCode(200).body("state", equalTo("refused"));
    }

    @Test
    void auditors_cannot_request_or_decide_and_team_members_request_only_for_their_teams() {
        Fleet fleet = new Fleet();
        UUID otherTeam = fleet.tenant.team("platform");
        String auditor = fleet.tenant.member("auditor");
        String member = fleet.tenant.member("team-member", fleet.team);
        String outsider = fleet.tenant.member("team-member", otherTeam);
        Instant in30Days = Instant.now().plus(Duration.ofDays(30));
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(request(fleet.teamSlug, "team", null, in30Days))
                .post("/api/v1/exceptions")
                .then()
                .statusCode(403);
        String id = requestException(member, request(fleet.teamSlug, "image", "nginx:*", in30Days));
        decide(auditor, id, "approve").then().statusCode(403);
        decide(member, id, "approve").then().statusCode(403);
        given().auth()
                .oauth2(outsider)
                .contentType(ContentType.JSON)
                .body(request(fleet.teamSlug, "team", null, in30Days))
                .post("/api/v1/exceptions")
                .then()
                .statusCode(404);
        assertThat(given().auth()
                        .oauth2(outsider)
                        .get("/api/v1/exceptions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("total"))
                .isZero();
    }

    @Test
    void an_exception_lasts_at_most_a_year_and_needs_a_justification_and_a_pattern() {
        Fleet fleet = new Fleet();
        String member = fleet.tenant.member("team-member", fleet.team);
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(request(fleet.teamSlug, "team", null, Instant.now().plus(Duration.ofDays(400))))
                .post("/api/v1/exceptions")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/expiresAt"));
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(request(fleet.teamSlug, "container", null, Instant.now().plus(Duration.ofDays(10))))
                .post("/api/v1/exceptions")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/pattern"));
        Map<String, Object> noReason =
                request(fleet.teamSlug, "team", null, Instant.now().plus(Duration.ofDays(10)));
        noReason.put("justification", "because");
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(noReason)
                .post("/api/v1/exceptions")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/justification"));
    }

    @Test
    void an_approved_exception_covers_matching_items_the_score_shows_both_values_and_expiry_reopens_them() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-01", T0);
        UUID nginx = fleet.container(host, "web", "nginx:1.27", T0);
        UUID agent = fleet.container(host, "agent", "registry.acme.test/agent:5", T0);
        UUID scan = fleet.scan(host, T0);
        fleet.result(scan, T0, nginx, "5.5", "fail");
        fleet.result(scan, T0, agent, "5.5", "fail");
        fleet.result(scan, T0, nginx, "5.4", "pass");
        fleet.result(scan, T0, agent, "5.4", "pass");
        tenants.runAs(fleet.tenant.id(), () -> sync.afterScan(fleet.tenant.id(), scan));

        String member = fleet.tenant.member("team-member", fleet.team);
        String manager = fleet.tenant.member("security-manager");
        String id = requestException(
                member,
                request(
                        fleet.teamSlug,
                        "image",
                        "registry.acme.test/agent:*",
                        Instant.now().plus(Duration.ofDays(30))));
        decide(manager, id, "approve").then().statusCode(200).body("coveredItems", equalTo(1));

        JsonPath posture = given().auth()
                .oauth2(manager)
                .queryParam("team", fleet.teamSlug)
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(posture.getLong("failed")).isEqualTo(2);
        assertThat(posture.getLong("excepted")).isEqualTo(1);
        assertThat(posture.getDouble("score")).isEqualTo(50.0);
        assertThat(posture.getDouble("scoreWithExceptions")).isEqualTo(66.67);

        String agentItem = RemediationWorkflowTest.item(fleet, agent, "5.5", "id");
        assertThat(RemediationWorkflowTest.item(fleet, agent, "5.5", "excepted_by"))
                .isEqualTo(id);
        assertThat(RemediationWorkflowTest.item(fleet, nginx, "5.5", "excepted_by"))
                .isNull();

        // The expiry passes: the job expires the exception and opens the item again with a new due date.
        Fleet.column(
                "update risk_exception set expires_at = now() - interval '1 minute' where id = ?::uuid returning id",
                id);
        jobs.runFor(fleet.tenant.id());
        assertThat(Fleet.query("select state from risk_exception where id = ?::uuid", id))
                .isEqualTo("expired");
        assertThat(RemediationWorkflowTest.item(fleet, agent, "5.5", "excepted_by"))
                .isNull();
        assertThat(RemediationWorkflowTest.item(fleet, agent, "5.5", "state")).isEqualTo("open");
        assertThat(Fleet.column(
                        "select kind from remediation_event where item_id = ?::uuid order by at, kind", agentItem))
                .containsExactly("opened", "excepted", "reopened");
        assertThat(Instant.parse(given().auth()
                        .oauth2(manager)
                        .get("/api/v1/remediation-items/" + agentItem)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("item.dueAt")))
                .isAfter(Instant.now().plus(Duration.ofDays(6)));
        JsonPath now = given().auth()
                .oauth2(manager)
                .queryParam("team", fleet.teamSlug)
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(now.getLong("excepted")).isZero();
    }
}
