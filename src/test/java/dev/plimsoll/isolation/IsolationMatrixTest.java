package dev.plimsoll.isolation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every API operation × every caller × (own object, another tenant's object, a missing object).
 * Another tenant's object must answer exactly like a missing one, change nothing, and no answer
 * may contain an id of another tenant. The matrix must name every operation the OpenAPI
 * document lists: adding an endpoint without adding it here fails {@link #every_api_operation_is_in_the_matrix}.
 */
@QuarkusTest
class IsolationMatrixTest {

    enum Target {
        OWN,
        FOREIGN,
        MISSING
    }

    static final List<String> CALLERS =
            List.of("anonymous", "operator", "collector", "org-admin", "security-manager", "auditor", "team-member");

    static final Set<String> EVERY_PERSON_IN_A_TENANT =
            Set.of("org-admin", "security-manager", "auditor", "team-member");

    /** One row of the matrix: who may call, and how to call it against each target. */
    record Operation(Set<String> allowed, Set<Integer> success, Call call) {}

    @FunctionalInterface
    interface Call {
        Response run(World world, RequestSpecification request, Target target);
    }

    static final Map<String, Operation> MATRIX = new LinkedHashMap<>();

    static {
        Set<String> anyPerson = Set.of("operator", "org-admin", "security-manager", "auditor", "team-member");
        MATRIX.put("GET /api/v1/me", new Operation(anyPerson, Set.of(200), (w, r, t) -> r.get("/api/v1/me")));
        MATRIX.put(
                "GET /api/v1/controls", new Operation(anyPerson, Set.of(200), (w, r, t) -> r.get("/api/v1/controls")));
        MATRIX.put(
                "GET /api/v1/teams",
                new Operation(EVERY_PERSON_IN_A_TENANT, Set.of(200), (w, r, t) -> r.get("/api/v1/teams")));
        MATRIX.put(
                "POST /api/v1/teams",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of(
                                        "slug",
                                        "t" + UUID.randomUUID().toString().substring(0, 8),
                                        "name",
                                        "New team"))
                                .post("/api/v1/teams")));
        MATRIX.put(
                "POST /api/v1/tenants",
                new Operation(
                        Set.of("operator"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of(
                                        "slug",
                                                "m-"
                                                        + UUID.randomUUID()
                                                                .toString()
                                                                .substring(0, 8),
                                        "name", "Matrix",
                                        "adminEmail", "admin-" + UUID.randomUUID() + "@example.com"))
                                .post("/api/v1/tenants")));
        MATRIX.put(
                "GET /api/v1/members",
                new Operation(Set.of("org-admin"), Set.of(200), (w, r, t) -> r.get("/api/v1/members")));
        MATRIX.put(
                "POST /api/v1/members",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of(
                                        "email",
                                        "invitee-" + UUID.randomUUID() + "@example.com",
                                        "role",
                                        "team-member",
                                        "teams",
                                        List.of(w.teamSlug(t))))
                                .post("/api/v1/members")));
        MATRIX.put(
                "PATCH /api/v1/members/{id}",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(200),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("role", "auditor"))
                                .patch("/api/v1/members/" + w.spareMember(t))));
        MATRIX.put(
                "DELETE /api/v1/members/{id}",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(204),
                        (w, r, t) -> r.delete("/api/v1/members/" + w.spareMember(t))));
        MATRIX.put(
                "GET /api/v1/collector-tokens",
                new Operation(Set.of("org-admin"), Set.of(200), (w, r, t) -> r.get("/api/v1/collector-tokens")));
        MATRIX.put(
                "POST /api/v1/collector-tokens",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("team", w.teamSlug(t), "name", "matrix"))
                                .post("/api/v1/collector-tokens")));
        MATRIX.put(
                "GET /api/v1/posture",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("team", w.teamSlug(t)).get("/api/v1/posture")));
        MATRIX.put(
                "GET /api/v1/posture/trend",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("team", w.teamSlug(t)).get("/api/v1/posture/trend")));
        Set<String> auditReaders = Set.of("org-admin", "auditor");
        MATRIX.put(
                "GET /api/v1/audit-events",
                new Operation(auditReaders, Set.of(200), (w, r, t) -> r.get("/api/v1/audit-events")));
        MATRIX.put(
                "GET /api/v1/audit-events/export",
                new Operation(
                        auditReaders,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("format", "json").get("/api/v1/audit-events/export")));
        MATRIX.put(
                "GET /api/v1/audit-events/verify",
                new Operation(auditReaders, Set.of(200), (w, r, t) -> r.get("/api/v1/audit-events/verify")));
        MATRIX.put(
                "GET /api/v1/auditor-engagements",
                new Operation(Set.of("org-admin"), Set.of(200), (w, r, t) -> r.get("/api/v1/auditor-engagements")));
        MATRIX.put(
                "POST /api/v1/auditor-engagements",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of(
                                        "email",
                                        "external-" + UUID.randomUUID() + "@example.com",
                                        "endsOn",
                                        java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                                .plusDays(7)
                                                .toString()))
                                .post("/api/v1/auditor-engagements")));
        MATRIX.put(
                "DELETE /api/v1/auditor-engagements/{id}",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(204),
                        (w, r, t) -> r.delete("/api/v1/auditor-engagements/" + w.spareEngagement(t))));
        MATRIX.put(
                "GET /api/v1/posture/changes",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("team", w.teamSlug(t)).get("/api/v1/posture/changes")));
        MATRIX.put(
                "GET /api/v1/teams/{slug}/target",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.get("/api/v1/teams/" + w.teamSlug(t) + "/target")));
        MATRIX.put(
                "PUT /api/v1/teams/{slug}/target",
                new Operation(
                        Set.of("org-admin", "security-manager"),
                        Set.of(200),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("targetPercent", 90, "due", "2030-01-31"))
                                .put("/api/v1/teams/" + w.teamSlug(t) + "/target")));
        MATRIX.put(
                "GET /api/v1/scans/{id}/raw",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.get("/api/v1/scans/" + w.scan(t) + "/raw")));
        MATRIX.put(
                "DELETE /api/v1/collector-tokens/{id}",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(204),
                        (w, r, t) -> r.delete("/api/v1/collector-tokens/" + w.spareToken(t))));
        MATRIX.put(
                "GET /api/v1/remediation-items",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("team", w.teamSlug(t)).get("/api/v1/remediation-items")));
        MATRIX.put(
                "GET /api/v1/remediation-items/{id}",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.get("/api/v1/remediation-items/" + w.remediation(t, "item"))));
        MATRIX.put(
                "PATCH /api/v1/remediation-items/{id}",
                new Operation(
                        Set.of("security-manager", "team-member"),
                        Set.of(200),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("state", "acknowledged", "comment", "seen"))
                                .patch("/api/v1/remediation-items/" + w.remediation(t, "item"))));
        MATRIX.put(
                "GET /api/v1/remediation-groups",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("team", w.teamSlug(t)).get("/api/v1/remediation-groups")));
        MATRIX.put(
                "GET /api/v1/exceptions",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.queryParam("team", w.teamSlug(t)).get("/api/v1/exceptions")));
        MATRIX.put(
                "POST /api/v1/exceptions",
                new Operation(
                        Set.of("security-manager", "team-member"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of(
                                        "team",
                                        w.teamSlug(t),
                                        "control",
                                        "5.5",
                                        "justification",
                                        "Legacy agent needs it until Q3",
                                        "expiresAt",
                                        java.time.Instant.now()
                                                .plus(java.time.Duration.ofDays(30))
                                                .toString()))
                                .post("/api/v1/exceptions")));
        MATRIX.put(
                "POST /api/v1/exceptions/{id}/approve",
                new Operation(
                        Set.of("security-manager"),
                        Set.of(200),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("note", "ok"))
                                .post("/api/v1/exceptions/" + w.remediation(t, "exception") + "/approve")));
        MATRIX.put(
                "POST /api/v1/exceptions/{id}/refuse",
                new Operation(
                        Set.of("security-manager"),
                        Set.of(200),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("note", "no"))
                                .post("/api/v1/exceptions/" + w.remediation(t, "exception") + "/refuse")));
        MATRIX.put(
                "GET /api/v1/notification-targets",
                new Operation(Set.of("org-admin"), Set.of(200), (w, r, t) -> r.get("/api/v1/notification-targets")));
        MATRIX.put(
                "POST /api/v1/notification-targets",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("name", "matrix", "kind", "webhook", "address", "http://127.0.0.1:9/hook"))
                                .post("/api/v1/notification-targets")));
        MATRIX.put(
                "DELETE /api/v1/notification-targets/{id}",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(204),
                        (w, r, t) -> r.delete("/api/v1/notification-targets/" + w.remediation(t, "target"))));
        MATRIX.put(
                "GET /api/v1/sla-policy",
                new Operation(EVERY_PERSON_IN_A_TENANT, Set.of(200), (w, r, t) -> r.get("/api/v1/sla-policy")));
        MATRIX.put(
                "PUT /api/v1/sla-policy",
                new Operation(
                        Set.of("org-admin"),
                        Set.of(200),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("critical", 5, "high", 20, "medium", 60, "low", 120))
                                .put("/api/v1/sla-policy")));
    }

    static final String DOCKER_BENCH_LOG =
            "{\"dockerbenchsecurity\":\"1.6.0\",\"start\":1700000000,\"tests\":[{\"id\":\"2\","
                    + "\"desc\":\"Docker daemon configuration\",\"results\":[{\"id\":\"2.2\",\"desc\":\"Ensure network traffic is"
                    + " restricted between containers on the default bridge\",\"result\":\"PASS\"}]}],\"checks\":1,\"score\":1,"
                    + "\"end\":1700000004}";

    static {
        // Ingestion: collector tokens only; the tenant and team come from the token.
        MATRIX.put(
                "POST /api/v1/scans",
                new Operation(
                        Set.of("collector"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(dev.plimsoll.wire.ScanJson.write(new dev.plimsoll.wire.ScanDocument(
                                        UUID.randomUUID().toString(),
                                        dev.plimsoll.wire.ScanBenchmark.CIS_DOCKER_1_6_0,
                                        new dev.plimsoll.wire.ScanHost("matrix-host", "matrix-host", null, null, null),
                                        new dev.plimsoll.wire.ScanCollector("matrix", null),
                                        java.time.Instant.now().minusSeconds(5),
                                        java.time.Instant.now(),
                                        List.of(new dev.plimsoll.wire.ScanResult(
                                                "2.2", dev.plimsoll.wire.ResultStatus.pass, null, null, null)))))
                                .post("/api/v1/scans")));
        MATRIX.put(
                "POST /api/v1/imports/{format}",
                new Operation(
                        Set.of("collector"),
                        Set.of(201),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .queryParam("host", "matrix-import-" + UUID.randomUUID())
                                .queryParam(
                                        "scannedAt",
                                        java.time.Instant.now().minusSeconds(60).toString())
                                .body(DOCKER_BENCH_LOG)
                                .post("/api/v1/imports/" + (t == Target.OWN ? "docker-bench" : "no-such-format"))));
        Set<String> everyone =
                Set.of("anonymous", "operator", "collector", "org-admin", "security-manager", "auditor", "team-member");
        // The platform operator may check any tenant (it belongs to none, so no tenant is foreign to
        // it); people of a tenant and collectors are refused whatever they name. The own tenant's
        // report must not contain the other tenant's ids (checked for every call).
        MATRIX.put(
                "GET /api/v1/tenants/{slug}/consistency",
                new Operation(
                        Set.of("operator"),
                        Set.of(200),
                        (w, r, t) -> r.get("/api/v1/tenants/"
                                + (t == Target.OWN
                                        ? w.own.slug()
                                        : "no-such-tenant-" + t.name().toLowerCase())
                                + "/consistency")));
        MATRIX.put(
                "GET /api/v1/schema/scan.json",
                new Operation(everyone, Set.of(200), (w, r, t) -> r.get("/api/v1/schema/scan.json")));
        MATRIX.put(
                "POST /api/v1/reports",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(202),
                        (w, r, t) -> r.contentType(ContentType.JSON)
                                .body(Map.of("format", "csv", "teams", List.of(w.teamSlug(t))))
                                .post("/api/v1/reports")));
        MATRIX.put(
                "GET /api/v1/reports",
                new Operation(EVERY_PERSON_IN_A_TENANT, Set.of(200), (w, r, t) -> r.get("/api/v1/reports")));
        MATRIX.put(
                "GET /api/v1/reports/{id}",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT, Set.of(200), (w, r, t) -> r.get("/api/v1/reports/" + w.report(t))));
        MATRIX.put(
                "GET /api/v1/reports/{id}/file",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.get("/api/v1/reports/" + w.report(t) + "/file")));
        MATRIX.put(
                "GET /api/v1/reports/{id}/signature",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.get("/api/v1/reports/" + w.report(t) + "/signature")));
        MATRIX.put(
                "GET /api/v1/reports/signing-key",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT, Set.of(200), (w, r, t) -> r.get("/api/v1/reports/signing-key")));
        MATRIX.put(
                "POST /api/v1/reports/verify",
                new Operation(
                        EVERY_PERSON_IN_A_TENANT,
                        Set.of(200),
                        (w, r, t) -> r.contentType("application/octet-stream")
                                .body(w.foreignReportContent)
                                .post("/api/v1/reports/verify")));
    }

    /** Two tenants, each with a team, members of every role, spare members and tokens to change. */
    static final class World {
        final Fixtures.TenantFixture own = Fixtures.tenant();
        final Fixtures.TenantFixture foreign = Fixtures.tenant();
        final Map<String, String> tokens = new LinkedHashMap<>();
        final List<String> foreignIds = new ArrayList<>();
        /** The object id the last call addressed: echoing what the caller sent is no leak. */
        String requested = "";
        /** Another tenant's member and token that every call tries to change (and must not). */
        final String foreignMember;

        final String foreignToken;

        final String foreignEngagement;

        /** Another tenant's remediation item, exception and notification target (remediation workflow). */
        final Map<String, String> foreignRemediation = new LinkedHashMap<>();

        final UUID ownTeam;

        /** A scan with its raw document on a host of each tenant's team. */
        final String ownScan;

        final String foreignScan;

        /** A finished report in each tenant (the own one requested by the team member, so every role sees it). */
        final String ownReport;

        final String foreignReport;
        final byte[] foreignReportContent = ("foreign report " + UUID.randomUUID()).getBytes();

        World() {
            ownTeam = own.team("own-team");
            UUID foreignTeam = foreign.team("foreign-team");
            for (String role : EVERY_PERSON_IN_A_TENANT) {
                tokens.put(role, own.member(role, ownTeam));
                foreign.member(role, foreignTeam);
            }
            tokens.put("operator", Tokens.operator("operator-" + UUID.randomUUID()));
            tokens.put("collector", token(own, "own-team"));
            foreignIds.add(foreign.id().toString());
            foreignIds.add(foreignTeam.toString());
            foreignMember = invitation(foreign);
            foreignToken = tokenId(foreign);
            foreignEngagement = engagement(foreign);
            // An audit event of the other tenant naming its member: the audit endpoints must not show it.
            // (The chain's head is kept under the tenant's own setting, set here for this statement.)
            Fixtures.update(
                    "insert into audit_event (tenant_id, seq, id, actor_kind, actor, action, target_type, target_id, hash)"
                            + " select ?, 0, ?, 'system', 'matrix', 'member.invited', 'member', ?, ''::bytea"
                            + " from (select set_config('plimsoll.tenant', ?, true)) tenant",
                    foreign.id(),
                    UUID.randomUUID(),
                    foreignMember,
                    foreign.id().toString());
            foreignIds.addAll(ids("select id from membership where tenant_id = ?", foreign.id()));
            foreignIds.addAll(ids("select id from collector_token where tenant_id = ?", foreign.id()));
            for (String kind : List.of("item", "exception", "target")) {
                foreignRemediation.put(kind, remediationObject(foreign, foreignTeam, kind));
                foreignIds.add(foreignRemediation.get(kind));
            }
            ownScan = scanWithDocument(own, ownTeam);
            foreignScan = scanWithDocument(foreign, foreignTeam);
            foreignIds.add(foreignScan);
            String memberEmail = given().auth()
                    .oauth2(tokens.get("team-member"))
                    .get("/api/v1/me")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("email");
            ownReport = report(own, memberEmail, ("own report " + UUID.randomUUID()).getBytes());
            foreignReport = report(foreign, "someone@example.com", foreignReportContent);
            foreignIds.add(foreignReport);
        }

        /** A fresh remediation item, requested exception or notification target to call against. */
        String remediation(Target target, String kind) {
            return switch (target) {
                case OWN ->
                    remediationObject(
                            own,
                            ids("select id from team where tenant_id = ?", own.id())
                                    .get(0),
                            kind);
                case FOREIGN -> {
                    requested = foreignRemediation.get(kind);
                    yield requested;
                }
                case MISSING -> UUID.randomUUID().toString();
            };
        }

        String report(Target target) {
            return switch (target) {
                case OWN -> ownReport;
                case FOREIGN -> {
                    requested = foreignReport;
                    yield foreignReport;
                }
                case MISSING -> UUID.randomUUID().toString();
            };
        }

        String scan(Target target) {
            return switch (target) {
                case OWN -> ownScan;
                case FOREIGN -> {
                    requested = foreignScan;
                    yield foreignScan;
                }
                case MISSING -> UUID.randomUUID().toString();
            };
        }

        private static String remediationObject(Fixtures.TenantFixture tenant, Object team, String kind) {
            UUID id = UUID.randomUUID();
            UUID teamId = UUID.fromString(team.toString());
            switch (kind) {
                case "item" -> {
                    UUID asset = UUID.randomUUID();
                    Fixtures.update(
                            "insert into asset (tenant_id, id, team_id, kind, natural_key, name, first_seen, last_seen)"
                                    + " values (?, ?, ?, 'host', ?, 'matrix-host', now(), now())",
                            tenant.id(),
                            asset,
                            teamId,
                            "machine-" + asset);
                    Fixtures.update(
                            "insert into remediation_item (tenant_id, id, team_id, asset_id, benchmark_id, benchmark_version,"
                                    + " control_id, group_key, severity, state, opened_at, due_at)"
                                    + " values (?, ?, ?, ?, 'cis-docker', '1.6.0', '1.1.3', 'host matrix-host', 'medium',"
                                    + " 'open', now(), now() + interval '90 days')",
                            tenant.id(),
                            id,
                            teamId,
                            asset);
                }
                case "exception" ->
                    Fixtures.update(
                            "insert into risk_exception (tenant_id, id, team_id, benchmark_id, control_id, scope_kind,"
                                    + " justification, state, requested_by, expires_at)"
                                    + " values (?, ?, ?, 'cis-docker', '5.5', 'team', 'Matrix justification', 'requested',"
                                    + " 'someone-else', now() + interval '30 days')",
                            tenant.id(),
                            id,
                            teamId);
                default ->
                    Fixtures.update(
                            "insert into notification_target (tenant_id, id, name, kind, address, events, created_by)"
                                    + " values (?, ?, 'spare', 'webhook', 'http://127.0.0.1:9/hook', '{failures.new}', 'matrix')",
                            tenant.id(),
                            id);
            }
            return id.toString();
        }

        private static String scanWithDocument(Fixtures.TenantFixture tenant, UUID team) {
            UUID host = UUID.randomUUID();
            UUID scan = UUID.randomUUID();
            Fixtures.update(
                    "insert into asset (tenant_id, id, team_id, kind, natural_key, name, first_seen, last_seen)"
                            + " values (?, ?, ?, 'host', ?, 'matrix-host', now(), now())",
                    tenant.id(),
                    host,
                    team,
                    "machine-" + host);
            Fixtures.update(
                    "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version,"
                            + " started_at, finished_at, result_count, passed, failed, content_sha256)"
                            + " values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', now(), now(), 0, 0, 0, '\\x00')",
                    tenant.id(),
                    scan,
                    team,
                    host);
            Fixtures.update(
                    "insert into scan_document (tenant_id, scan_id, media_type, raw_gzip, raw_sha256, raw_size)"
                            + " values (?, ?, 'application/json', '\\x1f8b', '\\x00', 2)",
                    tenant.id(),
                    scan);
            return scan.toString();
        }

        /** A finished report, written directly (its signature is not checked by these calls). */
        private static String report(Fixtures.TenantFixture tenant, String requestedBy, byte[] content) {
            UUID id = UUID.randomUUID();
            Fixtures.update(
                    "insert into report (tenant_id, id, format, scope, state, progress, requested_by, finished_at, media_type,"
                            + " size_bytes, sha256, signature, key_id, expires_at) values (?, ?, 'csv',"
                            + " '{\"wholeTenant\":true,\"teams\":[],\"hosts\":[],\"from\":\"2026-01-01\",\"to\":\"2026-01-02\","
                            + "\"asOf\":\"2026-01-02T00:00:00Z\",\"benchmarkId\":null,\"benchmarkVersion\":null,\"evidence\":false}',"
                            + " 'done', 100, ?, now(), 'text/csv', ?, sha256(?), '\\x00', 'k', now() + interval '1 day')",
                    tenant.id(),
                    id,
                    requestedBy,
                    content.length,
                    content);
            Fixtures.update(
                    "insert into report_chunk (tenant_id, report_id, seq, data) values (?, ?, 0, ?)",
                    tenant.id(),
                    id,
                    content);
            return id.toString();
        }

        String teamSlug(Target target) {
            return switch (target) {
                case OWN -> "own-team";
                case FOREIGN -> "foreign-team";
                case MISSING -> "no-such-team";
            };
        }

        /** A member that may be changed or removed (a fresh invitation each time). */
        String spareMember(Target target) {
            return switch (target) {
                case OWN -> invitation(own);
                case FOREIGN -> {
                    requested = foreignMember;
                    yield foreignMember;
                }
                case MISSING -> UUID.randomUUID().toString();
            };
        }

        String spareEngagement(Target target) {
            return switch (target) {
                case OWN -> engagement(own);
                case FOREIGN -> {
                    requested = foreignEngagement;
                    yield foreignEngagement;
                }
                case MISSING -> UUID.randomUUID().toString();
            };
        }

        private static String engagement(Fixtures.TenantFixture tenant) {
            UUID id = UUID.randomUUID();
            Fixtures.update(
                    "insert into membership (tenant_id, id, email, role, access_until)"
                            + " values (?, ?, ?, 'auditor', now() + interval '7 days')",
                    tenant.id(),
                    id,
                    "engaged-" + id + "@example.com");
            return id.toString();
        }

        String spareToken(Target target) {
            return switch (target) {
                case OWN -> tokenId(own);
                case FOREIGN -> {
                    requested = foreignToken;
                    yield foreignToken;
                }
                case MISSING -> UUID.randomUUID().toString();
            };
        }

        private static String invitation(Fixtures.TenantFixture tenant) {
            UUID id = UUID.randomUUID();
            Fixtures.update(
                    "insert into membership (tenant_id, id, email, role) values (?, ?, ?, 'auditor')",
                    tenant.id(),
                    id,
                    "spare-" + id + "@example.com");
            return id.toString();
        }

        private static String tokenId(Fixtures.TenantFixture tenant) {
            UUID id = UUID.randomUUID();
            Fixtures.update(
                    "insert into collector_token (tenant_id, id, team_id, name, prefix, secret_hash, created_by)"
                            + " select ?, ?, t.id, 'spare', 'plc_spare', decode(md5(random()::text), 'hex'), 'matrix'"
                            + " from team t where t.tenant_id = ? limit 1",
                    tenant.id(),
                    id,
                    tenant.id());
            return id.toString();
        }

        private static String token(Fixtures.TenantFixture tenant, String team) {
            String admin = tenant.member("org-admin");
            return given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.JSON)
                    .body(Map.of("team", team, "name", "matrix-collector"))
                    .post("/api/v1/collector-tokens")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("token");
        }

        /** A fingerprint of everything the foreign tenant owns, to prove nothing changed. */
        String foreignState() {
            return String.join(
                            "|",
                            ids(
                                    "select id || role || coalesce(subject, '') || coalesce(access_until::text, '')"
                                            + " from membership where tenant_id = ? order by id",
                                    foreign.id()))
                    + String.join(
                            "|",
                            ids(
                                    "select id || coalesce(revoked_at::text, '') from collector_token where tenant_id = ? order by id",
                                    foreign.id()))
                    + String.join(
                            "|",
                            ids("select id || slug || name from team where tenant_id = ? order by id", foreign.id()))
                    + String.join(
                            "|",
                            ids(
                                    "select id || state || coalesce(assignee, '') || version from remediation_item"
                                            + " where tenant_id = ? order by id",
                                    foreign.id()))
                    + String.join(
                            "|",
                            ids(
                                    "select id || state || version from risk_exception where tenant_id = ? order by id",
                                    foreign.id()))
                    + String.join(
                            "|",
                            ids(
                                    "select id::text from notification_target where tenant_id = ? order by id",
                                    foreign.id()))
                    + String.join("|", ids("select count(*)::text from sla_policy where tenant_id = ?", foreign.id()))
                    + String.join(
                            "|",
                            ids(
                                    "select team_id::text || target_percent::text || due::text from posture_target where tenant_id = ? order by team_id",
                                    foreign.id()))
                    + String.join(
                            "|",
                            ids(
                                    "select id || state || encode(sha256, 'hex') from report where tenant_id = ? order by id",
                                    foreign.id()));
        }

        /** One connection for every state query of the matrix (opening one per query costs more than the query). */
        private static Connection connection;

        private static synchronized Connection connection() throws SQLException {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(Fixtures.adminUrl());
            }
            return connection;
        }

        private static List<String> ids(String sql, UUID tenant) {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = connection().prepareStatement(sql)) {
                statement.setObject(1, tenant);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return ids;
        }
    }

    World world;

    @BeforeEach
    void buildWorld() {
        world = new World();
    }

    @Test
    void every_api_operation_is_in_the_matrix() {
        JsonPath openapi = given().accept(ContentType.JSON)
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> operations.add(m.toUpperCase() + " " + path)));
        assertThat(operations).as("operations in /q/openapi").containsExactlyInAnyOrderElementsOf(MATRIX.keySet());
    }

    @TestFactory
    List<DynamicTest> every_operation_answers_every_caller_only_within_its_tenant() {
        List<DynamicTest> tests = new ArrayList<>();
        MATRIX.forEach((name, operation) -> {
            boolean addressesAnObject = name.contains("{")
                    || name.startsWith("POST /api/v1/members")
                    || name.startsWith("POST /api/v1/collector-tokens")
                    || name.equals("POST /api/v1/exceptions")
                    || name.equals("POST /api/v1/reports");
            for (String caller : CALLERS) {
                for (Target target : addressesAnObject ? List.of(Target.values()) : List.of(Target.OWN)) {
                    tests.add(DynamicTest.dynamicTest(
                            name + " as " + caller + " on " + target.name().toLowerCase() + " object",
                            () -> check(name, operation, caller, target)));
                }
            }
        });
        return tests;
    }

    private void check(String name, Operation operation, String caller, Target target) {
        String before = world.foreignState();
        world.requested = "";
        RequestSpecification request = given();
        if (!caller.equals("anonymous")) {
            request.auth().oauth2(world.tokens.get(caller));
        }
        Response response = operation.call().run(world, request, target);
        int status = response.statusCode();
        String body = response.asString();

        if (caller.equals("anonymous") && !operation.allowed().contains("anonymous")) {
            assertThat(status).as(name + " anonymous").isEqualTo(401);
        } else if (!operation.allowed().contains(caller)) {
            assertThat(status).as(name + " as " + caller).isEqualTo(403);
        } else if (target == Target.OWN) {
            assertThat(operation.success())
                    .as(name + " as " + caller + ": " + body)
                    .contains(status);
        } else {
            // Another tenant's object answers exactly like a missing one.
            RequestSpecification again = given().auth().oauth2(world.tokens.get(caller));
            Response missing = operation.call().run(world, again, Target.MISSING);
            assertThat(status).as(name + " foreign vs missing: " + body).isEqualTo(missing.statusCode());
            assertThat(status).as(name + " foreign").isBetween(400, 499);
        }
        String requested = world.requested;
        for (String foreignId : world.foreignIds) {
            if (foreignId.equals(requested)) {
                continue;
            }
            assertThat(body)
                    .as(name + " as " + caller + " leaks an id of another tenant")
                    .doesNotContain(foreignId);
        }
        assertThat(world.foreignState())
                .as(name + " as " + caller + " changed another tenant")
                .isEqualTo(before);
    }
}
