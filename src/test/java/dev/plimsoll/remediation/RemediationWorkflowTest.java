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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Items follow the intervals: open, resolved with proof, regressed; grouped; due by SLA; seen per role. */
@QuarkusTest
class RemediationWorkflowTest {

    static final Instant T0 = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    RemediationSync sync;

    @Inject
    TenantContext tenants;

    void afterScan(Fleet fleet, UUID scan) {
        tenants.runAs(fleet.tenant.id(), () -> sync.afterScan(fleet.tenant.id(), scan));
    }

    static JsonPath items(String token, Map<String, ?> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get("/api/v1/remediation-items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static String item(Fleet fleet, UUID asset, String control, String column) {
        return Fleet.query(
                "select " + column
                        + "::text from remediation_item where tenant_id = ? and asset_id = ? and control_id = ?",
                fleet.tenant.id(),
                asset,
                control);
    }

    @Test
    void a_failure_opens_an_item_a_passing_scan_resolves_it_with_proof_and_a_new_failure_regresses_it() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-01", T0);
        UUID api = fleet.container(host, "api", "nginx:1.27", T0);

        UUID s1 = fleet.scan(host, T0);
        fleet.result(s1, T0, api, "5.5", "fail");
        fleet.result(s1, T0, host, "1.1.3", "pass");
        afterScan(fleet, s1);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("open");
        assertThat(item(fleet, host, "1.1.3", "state"))
                .as("a passing control has no item")
                .isNull();

        Instant t1 = T0.plus(1, ChronoUnit.DAYS);
        UUID s2 = fleet.scan(host, t1);
        fleet.result(s2, t1, api, "5.5", "pass");
        afterScan(fleet, s2);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("resolved");
        assertThat(item(fleet, api, "5.5", "resolved_by_scan")).isEqualTo(s2.toString());

        Instant t2 = T0.plus(2, ChronoUnit.DAYS);
        UUID s3 = fleet.scan(host, t2);
        fleet.result(s3, t2, api, "5.5", "warn");
        afterScan(fleet, s3);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("regressed");
        assertThat(item(fleet, api, "5.5", "regressions")).isEqualTo("1");
        assertThat(item(fleet, api, "5.5", "resolved_by_scan")).isNull();

        Instant t3 = T0.plus(3, ChronoUnit.DAYS);
        UUID s4 = fleet.scan(host, t3);
        fleet.result(s4, t3, api, "5.5", "pass");
        afterScan(fleet, s4);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("resolved");

        String id = item(fleet, api, "5.5", "id");
        String manager = fleet.tenant.member("security-manager");
        JsonPath detail = given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getList("history.kind")).containsExactly("opened", "resolved", "regressed", "resolved");
        assertThat(detail.getList("history.scan"))
                .containsExactly(s1.toString(), s2.toString(), s3.toString(), s4.toString());
        assertThat(detail.getString("item.resolvedByScan")).isEqualTo(s4.toString());
        assertThat(Fleet.query("select count(*)::text from remediation_item where tenant_id = ?", fleet.tenant.id()))
                .as("one item per (asset, control), kept after it is closed")
                .isEqualTo("1");
    }

    @Test
    void an_older_scan_arriving_late_changes_nothing_that_the_current_interval_contradicts() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-02", T0);
        UUID api = fleet.container(host, "api", "nginx:1.27", T0);
        UUID s1 = fleet.scan(host, T0);
        fleet.result(s1, T0, api, "5.5", "fail");
        afterScan(fleet, s1);
        Instant t2 = T0.plus(2, ChronoUnit.DAYS);
        UUID s2 = fleet.scan(host, t2);
        fleet.result(s2, t2, api, "5.5", "pass");
        afterScan(fleet, s2);

        // A scan from between the two arrives last and says "pass" a day earlier: the fix dates back.
        Instant t1 = T0.plus(1, ChronoUnit.DAYS);
        UUID late = fleet.scan(host, t1);
        fleet.result(late, t1, api, "5.5", "pass");
        afterScan(fleet, late);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("resolved");

        // Another late scan says "fail" in the past: the present still passes, the item stays resolved.
        Instant t15 = T0.plus(36, ChronoUnit.HOURS);
        UUID older = fleet.scan(host, t15);
        fleet.result(older, t15, api, "5.5", "fail");
        afterScan(fleet, older);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("resolved");
        assertThat(item(fleet, api, "5.5", "regressions")).isEqualTo("0");
    }

    @Test
    void when_a_late_scan_moves_the_start_of_the_passing_interval_the_proof_follows_it() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-07", T0);
        UUID api = fleet.container(host, "api", "nginx:1.27", T0);
        UUID s1 = fleet.scan(host, T0);
        fleet.result(s1, T0, api, "5.5", "fail");
        afterScan(fleet, s1);
        Instant t2 = T0.plus(2, ChronoUnit.DAYS);
        UUID s2 = fleet.scan(host, t2);
        fleet.result(s2, t2, api, "5.5", "pass");
        afterScan(fleet, s2);
        assertThat(item(fleet, api, "5.5", "resolved_by_scan")).isEqualTo(s2.toString());

        // Ingestion that merges equal neighbours: the late scan at t1 now opens the current passing interval.
        Instant t1 = T0.plus(1, ChronoUnit.DAYS);
        UUID late = fleet.scan(host, t1);
        dev.plimsoll.testing.Fixtures.update(
                "update control_state set valid_to = ?, closed_by_scan = ? where tenant_id = ? and asset_id = ? and valid_from = ?",
                java.sql.Timestamp.from(t1),
                late,
                fleet.tenant.id(),
                api,
                java.sql.Timestamp.from(T0));
        dev.plimsoll.testing.Fixtures.update(
                "update control_state set valid_from = ?, opened_by_scan = ? where tenant_id = ? and asset_id = ? and valid_to is null",
                java.sql.Timestamp.from(t1),
                late,
                fleet.tenant.id(),
                api);
        afterScan(fleet, late);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("resolved");
        assertThat(item(fleet, api, "5.5", "resolved_by_scan")).isEqualTo(late.toString());
        assertThat(Instant.parse(item(
                        fleet,
                        api,
                        "5.5",
                        "to_char(resolved_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")))
                .isEqualTo(t1);
    }

    @Test
    void a_container_gone_from_its_host_resolves_its_items_with_the_scan_that_saw_it_gone() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-03", T0);
        UUID worker = fleet.container(host, "worker", "python:3.12-slim", T0);
        UUID s1 = fleet.scan(host, T0);
        fleet.result(s1, T0, worker, "5.4", "fail");
        afterScan(fleet, s1);
        Instant t1 = T0.plus(1, ChronoUnit.DAYS);
        UUID s2 = fleet.scan(host, t1);
        fleet.gone(s2, t1, worker);
        afterScan(fleet, s2);
        assertThat(item(fleet, worker, "5.4", "state")).isEqualTo("resolved");
        assertThat(item(fleet, worker, "5.4", "resolved_by_scan")).isEqualTo(s2.toString());
    }

    @Test
    void one_control_failing_on_forty_containers_of_one_image_is_one_piece_of_work() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-04", T0);
        UUID scan = fleet.scan(host, T0);
        UUID last = null;
        for (int i = 0; i < 40; i++) {
            last = fleet.container(host, "web-" + i, "registry.acme.test/web:1.0", T0);
            fleet.result(scan, T0, last, "5.5", "fail");
        }
        UUID other = fleet.container(host, "db", "postgres:16", T0);
        fleet.result(scan, T0, other, "5.5", "fail");
        fleet.result(scan, T0, host, "1.1.3", "fail");
        afterScan(fleet, scan);

        Instant t1 = T0.plus(1, ChronoUnit.DAYS);
        UUID fix = fleet.scan(host, t1);
        fleet.result(fix, t1, last, "5.5", "pass");
        afterScan(fleet, fix);

        String manager = fleet.tenant.member("security-manager");
        JsonPath groups = given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-groups")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(groups.getInt("total")).isEqualTo(3);
        assertThat(groups.getString("items[0].group")).isEqualTo("image registry.acme.test/web:1.0");
        assertThat(groups.getLong("items[0].affected")).isEqualTo(39);
        assertThat(groups.getLong("items[0].resolved")).isEqualTo(1);
        assertThat(groups.getList("items.group"))
                .containsExactlyInAnyOrder("image registry.acme.test/web:1.0", "image postgres:16", "host pay-04");

        String id = item(fleet, last, "5.5", "id");
        JsonPath detail = given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getList("affectedAssets")).hasSize(40);
    }

    @Test
    void due_dates_follow_the_severity_and_the_tenants_sla_policy() {
        Fleet fleet = new Fleet();
        UUID host = fleet.host("pay-05", T0);
        UUID api = fleet.container(host, "api", "nginx:1.27", T0);
        UUID scan = fleet.scan(host, T0);
        fleet.result(scan, T0, api, "5.5", "fail"); // critical
        fleet.result(scan, T0, api, "5.4", "fail"); // high
        fleet.result(scan, T0, host, "1.1.3", "fail"); // medium
        afterScan(fleet, scan);
        String manager = fleet.tenant.member("security-manager");
        JsonPath list = items(manager, Map.of());
        assertThat(list.getInt("total")).isEqualTo(3);
        assertThat(due(list, "5.5")).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(due(list, "5.4")).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(due(list, "1.1.3")).isEqualTo(T0.plus(Duration.ofDays(90)));
        // 20 days on, only the critical one is overdue.
        assertThat(items(manager, Map.of("overdue", true)).getList("items.control"))
                .containsExactly("5.5");

        String admin = fleet.tenant.member("org-admin");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("critical", 3, "high", 10, "medium", 60, "low", 120))
                .put("/api/v1/sla-policy")
                .then()
                .statusCode(200)
                .body("high", equalTo(10));
        JsonPath after = items(manager, Map.of());
        assertThat(due(after, "5.4")).isEqualTo(T0.plus(Duration.ofDays(10)));
        assertThat(items(manager, Map.of("overdue", true)).getList("items.control"))
                .containsExactlyInAnyOrder("5.5", "5.4");
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of("critical", 3, "high", 10, "medium", 60, "low", 120))
                .put("/api/v1/sla-policy")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("critical", 0, "high", 10, "medium", 60, "low", 120))
                .put("/api/v1/sla-policy")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/critical"));
    }

    static Instant due(JsonPath list, String control) {
        List<Map<String, Object>> items = list.getList("items");
        return items.stream()
                .filter(i -> control.equals(i.get("control")))
                .map(i -> Instant.parse((String) i.get("dueAt")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void team_members_see_and_work_only_their_own_teams_items_and_auditors_only_read() {
        Fleet fleet = new Fleet();
        UUID otherTeam = fleet.tenant.team("platform");
        UUID host = fleet.host("pay-06", T0);
        UUID api = fleet.container(host, "api", "nginx:1.27", T0);
        UUID scan = fleet.scan(host, T0);
        fleet.result(scan, T0, api, "5.5", "fail");
        afterScan(fleet, scan);
        String id = item(fleet, api, "5.5", "id");

        String member = fleet.tenant.member("team-member", fleet.team);
        String outsider = fleet.tenant.member("team-member", otherTeam);
        String auditor = fleet.tenant.member("auditor");

        assertThat(items(member, Map.of()).getInt("total")).isEqualTo(1);
        assertThat(items(outsider, Map.of()).getInt("total")).isZero();
        assertThat(items(auditor, Map.of()).getInt("total")).isEqualTo(1);
        given().auth()
                .oauth2(outsider)
                .get("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(outsider)
                .queryParam("team", fleet.teamSlug)
                .get("/api/v1/remediation-items")
                .then()
                .statusCode(404);

        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(Map.of("state", "in_progress", "assignee", "dev@acme.test", "comment", "Dropping --privileged"))
                .patch("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(200)
                .body("item.state", equalTo("in_progress"))
                .body("item.assignee", equalTo("dev@acme.test"));
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(Map.of("state", "resolved"))
                .patch("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/state"));
        given().auth()
                .oauth2(outsider)
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "not mine"))
                .patch("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("state", "acknowledged"))
                .patch("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(403);

        JsonPath detail = given().auth()
                .oauth2(auditor)
                .get("/api/v1/remediation-items/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getList("history.kind")).containsExactly("opened", "state", "assignee", "comment");
        assertThat(detail.getString("history[3].text")).isEqualTo("Dropping --privileged");

        // A later passing scan still resolves an item people have been working on.
        Instant t1 = T0.plus(1, ChronoUnit.DAYS);
        UUID fix = fleet.scan(host, t1);
        fleet.result(fix, t1, api, "5.5", "pass");
        afterScan(fleet, fix);
        assertThat(item(fleet, api, "5.5", "state")).isEqualTo("resolved");
        assertThat(Fleet.column(
                        "select from_state from remediation_event where item_id = ?::uuid and kind = 'resolved'", id))
                .containsExactly("in_progress");
    }
}
