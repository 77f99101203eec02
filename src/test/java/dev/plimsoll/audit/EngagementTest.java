package dev.plimsoll.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** External auditors: time-boxed read-only access, optionally frozen at an audit date, every view audited. */
@QuarkusTest
class EngagementTest {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    record Engaged(String id, String email, String token) {}

    private static Engaged grant(String admin, LocalDate endsOn, LocalDate asOfDay) {
        String email = "external-" + UUID.randomUUID() + "@audit.example";
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "endsOn", endsOn.toString()));
        if (asOfDay != null) {
            body.put("asOfDay", asOfDay.toString());
        }
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/auditor-engagements")
                .then()
                .statusCode(201)
                .body("email", equalTo(email))
                .body("active", equalTo(true))
                .extract()
                .path("id");
        return new Engaged(id, email, Tokens.person("ext-" + UUID.randomUUID(), email));
    }

    @Test
    void an_engaged_auditor_reads_the_tenant_until_the_end_and_is_refused_after_it() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("core");
        String admin = tenant.member("org-admin");
        Engaged auditor = grant(admin, TODAY.plusDays(30), null);

        given().auth().oauth2(auditor.token()).get("/api/v1/teams").then().statusCode(200);
        given().auth()
                .oauth2(auditor.token())
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(auditor.token())
                .contentType(ContentType.JSON)
                .body(Map.of("slug", "nope", "name", "Nope"))
                .post("/api/v1/teams")
                .then()
                .statusCode(403);

        // Time passes: the end is reached without anything running.
        Fixtures.update(
                "update membership set access_until = now() - interval '1 second' where id = ?",
                UUID.fromString(auditor.id()));
        given().auth().oauth2(auditor.token()).get("/api/v1/teams").then().statusCode(403);
        given().auth()
                .oauth2(auditor.token())
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(null));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/auditor-engagements")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + auditor.id() + "' }.active", equalTo(false));
    }

    @Test
    void an_engagement_not_taken_up_before_its_end_cannot_be_taken_up_after_it() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        Engaged auditor = grant(admin, TODAY.plusDays(3), null);
        Fixtures.update(
                "update membership set access_until = now() - interval '1 second' where id = ?",
                UUID.fromString(auditor.id()));
        given().auth()
                .oauth2(auditor.token())
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(null));
        given().auth()
                .oauth2(auditor.token())
                .get("/api/v1/audit-events")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/auditor-engagements")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + auditor.id() + "' }.bound", equalTo(false));
    }

    @Test
    void ending_an_engagement_refuses_the_next_request_and_is_audited() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        Engaged auditor = grant(admin, TODAY.plusDays(5), null);
        given().auth().oauth2(auditor.token()).get("/api/v1/teams").then().statusCode(200);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/auditor-engagements/" + auditor.id())
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/auditor-engagements/" + auditor.id())
                .then()
                .statusCode(204);
        given().auth().oauth2(auditor.token()).get("/api/v1/teams").then().statusCode(403);

        JsonPath trail = given().auth()
                .oauth2(admin)
                .queryParam("targetId", auditor.id())
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(trail.getList("items.action"))
                .containsExactly("engagement.ended", "member.bound", "engagement.granted");
        assertThat(trail.getBoolean("items[0].before.active")).isTrue();
        assertThat(trail.getBoolean("items[0].after.active")).isFalse();
        assertThat(trail.getString("items[2].after.email")).isEqualTo(auditor.email());
    }

    @Test
    void every_request_of_an_engaged_auditor_is_audited_and_ordinary_auditors_are_not() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("core");
        String admin = tenant.member("org-admin");
        String inHouse = tenant.member("auditor");
        Engaged auditor = grant(admin, TODAY.plusDays(5), null);
        given().auth().oauth2(auditor.token()).get("/api/v1/teams").then().statusCode(200);
        given().auth()
                .oauth2(auditor.token())
                .get("/api/v1/posture?team=core")
                .then()
                .statusCode(200);
        given().auth().oauth2(inHouse).get("/api/v1/teams").then().statusCode(200);

        JsonPath views = given().auth()
                .oauth2(admin)
                .queryParam("action", "engagement.viewed")
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(views.getList("items.targetId")).containsExactly("/api/v1/posture?team=core", "/api/v1/teams");
        assertThat(views.getList("items.actorLabel")).containsOnly(auditor.email());
        assertThat(views.getString("items[0].after.method")).isEqualTo("GET");
    }

    @Test
    void an_engagement_frozen_at_an_audit_date_sees_posture_as_of_that_day_unless_it_asks_otherwise() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("core");
        String admin = tenant.member("org-admin");
        LocalDate auditDate = TODAY.minusDays(10);
        Engaged auditor = grant(admin, TODAY.plusDays(5), auditDate);
        given().auth()
                .oauth2(auditor.token())
                .get("/api/v1/posture?team=core")
                .then()
                .statusCode(200)
                .body(
                        "asOf",
                        equalTo(auditDate
                                .plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .minusMillis(1)
                                .toString()));
        String asked =
                TODAY.minusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        given().auth()
                .oauth2(auditor.token())
                .queryParam("team", "core")
                .queryParam("asOf", asked)
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("asOf", equalTo(asked));
        assertThat(EngagementViews.frozenValue("/app/teams/core", auditDate)).isEqualTo(auditDate.toString());
        assertThat(EngagementViews.frozenValue("/api/v1/teams", auditDate)).isNull();
    }

    @Test
    void an_engagement_stays_read_only_and_bounded() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        Engaged auditor = grant(admin, TODAY, null);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("role", "org-admin"))
                .patch("/api/v1/members/" + auditor.id())
                .then()
                .statusCode(409);
        for (Map<String, Object> bad : new Map[] {
            Map.of("email", "a@b.example", "endsOn", TODAY.minusDays(1).toString()),
            Map.of("email", "a@b.example", "endsOn", TODAY.plusDays(400).toString()),
            Map.of(
                    "email",
                    "a@b.example",
                    "endsOn",
                    TODAY.toString(),
                    "asOfDay",
                    TODAY.plusDays(1).toString()),
            Map.of("email", "not-an-email", "endsOn", TODAY.toString())
        }) {
            given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.JSON)
                    .body(bad)
                    .post("/api/v1/auditor-engagements")
                    .then()
                    .statusCode(400);
        }
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("email", auditor.email(), "endsOn", TODAY.toString()))
                .post("/api/v1/auditor-engagements")
                .then()
                .statusCode(409);
    }
}
