package dev.plimsoll.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plimsoll.platform.db.TenantContext;
import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The audit trail: what is recorded, who may read it, and that tampering is detected. */
@QuarkusTest
class AuditTrailTest {

    @Inject
    AuditLog audit;

    @Inject
    TenantContext tenants;

    @Inject
    AgroalDataSource dataSource;

    // ------------------------------------------------------------------------------------
    // Every state change is recorded
    // ------------------------------------------------------------------------------------

    @Test
    void creating_a_tenant_records_the_operator_the_tenant_and_the_admin_invitation_and_first_sign_in_the_binding() {
        String slug = "a-" + UUID.randomUUID().toString().substring(0, 10);
        String adminEmail = "admin-" + UUID.randomUUID() + "@example.com";
        String operatorSubject = "op-" + UUID.randomUUID();
        String tenantId = given().auth()
                .oauth2(Tokens.operator(operatorSubject))
                .header("User-Agent", "tenant-script/1.0")
                .contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Audited", "adminEmail", adminEmail))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String adminSubject = "subject-" + UUID.randomUUID();
        String admin = Tokens.person(adminSubject, adminEmail);

        JsonPath created = events(admin, "action=tenant.created");
        assertThat(created.getInt("total")).isEqualTo(1);
        assertThat(created.getString("items[0].actorKind")).isEqualTo("operator");
        assertThat(created.getString("items[0].actor")).isEqualTo(operatorSubject);
        assertThat(created.getString("items[0].userAgent")).isEqualTo("tenant-script/1.0");
        assertThat(created.getString("items[0].sourceIp")).isNotBlank();
        assertThat(created.getString("items[0].targetType")).isEqualTo("tenant");
        assertThat(created.getString("items[0].targetId")).isEqualTo(tenantId);
        assertThat(created.getString("items[0].after.slug")).isEqualTo(slug);
        assertThat(created.getObject("items[0].before", Object.class)).isNull();

        JsonPath invited = events(admin, "action=member.invited");
        assertThat(invited.getString("items[0].after.email")).isEqualTo(adminEmail);
        assertThat(invited.getString("items[0].after.role")).isEqualTo("org-admin");

        JsonPath bound = events(admin, "action=member.bound");
        assertThat(bound.getInt("total")).isEqualTo(1);
        assertThat(bound.getString("items[0].actorKind")).isEqualTo("user");
        assertThat(bound.getString("items[0].actor")).isEqualTo(adminSubject);
        assertThat(bound.getString("items[0].actorLabel")).isEqualTo(adminEmail);
        assertThat(bound.getBoolean("items[0].before.bound")).isFalse();
        assertThat(bound.getBoolean("items[0].after.bound")).isTrue();
        assertThat(bound.getString("items[0].after.subject")).isEqualTo(adminSubject);

        // A second request by the same person binds nothing more.
        events(admin, "");
        assertThat(events(admin, "action=member.bound").getInt("total")).isEqualTo(1);
        assertThat(verify(admin).getBoolean("valid")).isTrue();
    }

    @Test
    void creating_a_team_records_the_org_admin_where_they_came_from_and_the_team_after() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        String teamId = given().auth()
                .oauth2(admin)
                .header("User-Agent", "team-browser")
                .contentType(ContentType.JSON)
                .body(Map.of("slug", "payments", "name", "Payments"))
                .post("/api/v1/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        JsonPath event = events(admin, "action=team.created");
        assertThat(event.getInt("total")).isEqualTo(1);
        assertThat(event.getString("items[0].actorKind")).isEqualTo("user");
        assertThat(event.getString("items[0].actorLabel")).endsWith("@" + tenant.slug() + ".example");
        assertThat(event.getString("items[0].userAgent")).isEqualTo("team-browser");
        assertThat(event.getString("items[0].targetId")).isEqualTo(teamId);
        assertThat(event.getString("items[0].after.slug")).isEqualTo("payments");
        assertThat(event.getString("items[0].after.name")).isEqualTo("Payments");
    }

    @Test
    void inviting_changing_and_removing_a_member_records_each_state_before_and_after() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("ops");
        String admin = tenant.member("org-admin");
        String email = "invitee-" + UUID.randomUUID() + "@example.com";
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", "team-member", "teams", List.of("ops")))
                .post("/api/v1/members")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("role", "auditor", "teams", List.of()))
                .patch("/api/v1/members/" + id)
                .then()
                .statusCode(200);
        given().auth().oauth2(admin).delete("/api/v1/members/" + id).then().statusCode(204);

        JsonPath trail = events(admin, "targetType=member&targetId=" + id);
        assertThat(trail.getList("items.action")).containsExactly("member.removed", "member.changed", "member.invited");
        assertThat(trail.getObject("items[2].before", Object.class)).isNull();
        assertThat(trail.getString("items[2].after.email")).isEqualTo(email);
        assertThat(trail.getList("items[2].after.teams")).containsExactly("ops");
        assertThat(trail.getString("items[1].before.role")).isEqualTo("team-member");
        assertThat(trail.getString("items[1].after.role")).isEqualTo("auditor");
        assertThat(trail.getList("items[1].after.teams")).isEmpty();
        assertThat(trail.getString("items[0].before.role")).isEqualTo("auditor");
        assertThat(trail.getObject("items[0].after", Object.class)).isNull();
    }

    @Test
    void a_change_that_changes_nothing_records_nothing() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("email", "same-" + UUID.randomUUID() + "@example.com", "role", "auditor"))
                .post("/api/v1/members")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("role", "auditor"))
                .patch("/api/v1/members/" + id)
                .then()
                .statusCode(200);
        assertThat(events(admin, "targetId=" + id).getList("items.action")).containsExactly("member.invited");
    }

    @Test
    void creating_and_revoking_a_collector_token_records_it_but_never_its_secret() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("edge");
        String admin = tenant.member("org-admin");
        JsonPath created = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("team", "edge", "name", "web-01"))
                .post("/api/v1/collector-tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String id = created.getString("id");
        String secret = created.getString("token");
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/collector-tokens/" + id)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/collector-tokens/" + id)
                .then()
                .statusCode(204);

        String body = given().auth()
                .oauth2(admin)
                .queryParam("targetType", "collector-token")
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonPath trail = JsonPath.from(body);
        assertThat(trail.getList("items.action")).containsExactly("collector-token.revoked", "collector-token.created");
        assertThat(trail.getString("items[1].after.name")).isEqualTo("web-01");
        assertThat(trail.getString("items[1].after.team")).isEqualTo("edge");
        assertThat(trail.getObject("items[0].before.revokedAt", Object.class)).isNull();
        assertThat(trail.getString("items[0].after.revokedAt")).isNotBlank();
        assertThat(body)
                .doesNotContain(secret)
                .doesNotContain(secret.substring(12))
                .doesNotContain("secretHash");
    }

    @Test
    void a_background_job_records_as_system_and_a_collector_as_its_token() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String auditor = tenant.member("auditor");
        UUID token = UUID.randomUUID();
        tenants.runAs(
                tenant.id(),
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    audit.recordAs(
                            AuditActor.system("retention"), "scan.expired", "scan", "s-1", Map.of("kept", 1), null);
                    audit.recordAs(
                            AuditActor.collector(token), "asset.registered", "asset", "a-1", null, Map.of("n", 1));
                    audit.record("setting.changed", "setting", "staleness", Map.of("days", 7), Map.of("days", 14));
                }));
        JsonPath trail = events(auditor, "");
        assertThat(trail.getList("items.actorKind")).containsExactly("system", "collector", "system");
        assertThat(trail.getList("items.actor")).containsExactly("system", token.toString(), "retention");
        assertThat(trail.getInt("items[0].after.days")).isEqualTo(14);
        assertThat(trail.getObject("items[0].sourceIp", Object.class)).isNull();
    }

    @Test
    void an_event_cannot_be_recorded_outside_a_transaction_or_without_a_tenant() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        assertThrows(
                RuntimeException.class,
                () -> tenants.runAs(tenant.id(), () -> audit.record("x", "y", null, null, null)));
        assertThrows(
                RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> audit.record("x", "y", null, null, null)));
    }

    // ------------------------------------------------------------------------------------
    // The chain
    // ------------------------------------------------------------------------------------

    @Test
    void the_chain_verifies_after_many_events_appended_by_sixteen_threads_at_once() throws Exception {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        Fixtures.TenantFixture neighbour = Fixtures.tenant();
        String auditor = tenant.member("auditor");
        int threads = 16;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    // Every fifth transaction appends two events; the neighbour's appends interleave.
                    UUID target = n % 3 == 0 ? neighbour.id() : tenant.id();
                    tenants.runAs(
                            target,
                            () -> QuarkusTransaction.requiringNew().run(() -> {
                                audit.recordAs(
                                        AuditActor.system("t" + thread),
                                        "load.tested",
                                        "load",
                                        thread + "-" + n,
                                        null,
                                        Map.of("i", n));
                                if (n % 5 == 0) {
                                    audit.recordAs(
                                            AuditActor.system("t" + thread),
                                            "load.tested",
                                            "load",
                                            thread + "-" + n + "b",
                                            null,
                                            null);
                                }
                            }));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long expected = 0;
        for (int i = 0; i < perThread; i++) {
            if (i % 3 != 0) {
                expected += i % 5 == 0 ? 2 : 1;
            }
        }
        expected *= threads;
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).as(verdict.prettify()).isTrue();
        assertThat(verdict.getLong("events")).isEqualTo(expected);
        assertThat(verdict.getLong("headSeq")).isEqualTo(expected);
        List<Long> seqs = column(tenant.id(), "select seq from audit_event where tenant_id = ? order by seq");
        assertThat(seqs).hasSize((int) expected);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        List<Long> times = column(
                tenant.id(),
                "select (extract(epoch from occurred_at) * 1000000)::bigint from audit_event where tenant_id = ? order by seq");
        assertThat(times).isSorted();
        assertThat(verify(neighbour.member("auditor")).getBoolean("valid")).isTrue();
    }

    @Test
    void an_empty_log_verifies_as_valid_with_no_events() {
        JsonPath verdict = verify(Fixtures.tenant().member("auditor"));
        assertThat(verdict.getBoolean("valid")).isTrue();
        assertThat(verdict.getLong("events")).isZero();
    }

    @Test
    void verification_fails_at_the_event_a_superuser_edited() {
        Fixtures.TenantFixture tenant = tenantWithEvents(10);
        String auditor = tenant.member("auditor");
        assertThat(verify(auditor).getBoolean("valid")).isTrue();
        admin(tenant.id(), "update audit_event set after = '{\"i\": 99}' where tenant_id = :tenant and seq = 4");
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getLong("firstBadSeq")).isEqualTo(4);
        assertThat(verdict.getString("reason")).contains("altered");
    }

    @Test
    void verification_fails_when_an_edit_also_recomputes_that_events_hash() {
        Fixtures.TenantFixture tenant = tenantWithEvents(10);
        String auditor = tenant.member("auditor");
        // A careful forger rewrites the event and its own hash: the next event's link breaks.
        admin(
                tenant.id(),
                "update audit_event e set actor = 'someone-else' where tenant_id = :tenant and seq = 4;"
                        + " update audit_event e set hash = sha256(convert_to(audit_event_canonical(e), 'UTF8'))"
                        + " where tenant_id = :tenant and seq = 4");
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getLong("firstBadSeq")).isEqualTo(5);
    }

    @Test
    void verification_fails_at_the_gap_a_deleted_event_leaves() {
        Fixtures.TenantFixture tenant = tenantWithEvents(10);
        String auditor = tenant.member("auditor");
        admin(tenant.id(), "delete from audit_event where tenant_id = :tenant and seq = 6");
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getLong("firstBadSeq")).isEqualTo(6);
        assertThat(verdict.getString("reason")).contains("missing");
    }

    @Test
    void verification_fails_when_two_events_are_swapped_with_their_hashes() {
        Fixtures.TenantFixture tenant = tenantWithEvents(10);
        String auditor = tenant.member("auditor");
        // Events 3 and 4 exchange places, each keeping the chain fields of the place it takes.
        admin(tenant.id(), """
                create temp table swap as
                  select seq, prev_hash, hash from audit_event where tenant_id = :tenant and seq in (3, 4);
                update audit_event set seq = -3 where tenant_id = :tenant and seq = 3;
                update audit_event set seq = 3, prev_hash = (select prev_hash from swap where seq = 3),
                                       hash = (select hash from swap where seq = 3)
                 where tenant_id = :tenant and seq = 4;
                update audit_event set seq = 4, prev_hash = (select prev_hash from swap where seq = 4),
                                       hash = (select hash from swap where seq = 4)
                 where tenant_id = :tenant and seq = -3;
                """);
        assertThat(column(tenant.id(), "select seq from audit_event where tenant_id = ? order by seq"))
                .hasSize(10);
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getLong("firstBadSeq")).isEqualTo(3);
    }

    @Test
    void verification_fails_when_the_last_events_are_cut_off() {
        Fixtures.TenantFixture tenant = tenantWithEvents(10);
        String auditor = tenant.member("auditor");
        admin(tenant.id(), "delete from audit_event where tenant_id = :tenant and seq > 7");
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getLong("events")).isEqualTo(7);
        assertThat(verdict.getLong("firstBadSeq")).isEqualTo(8);
        assertThat(verdict.getString("reason")).contains("removed from the end");
    }

    @Test
    void verification_fails_when_every_event_is_deleted() {
        Fixtures.TenantFixture tenant = tenantWithEvents(3);
        String auditor = tenant.member("auditor");
        admin(tenant.id(), "delete from audit_event where tenant_id = :tenant");
        JsonPath verdict = verify(auditor);
        assertThat(verdict.getBoolean("valid")).isFalse();
        assertThat(verdict.getLong("firstBadSeq")).isEqualTo(1);
    }

    @Test
    void the_application_role_cannot_update_or_delete_audit_events_nor_move_the_head() throws SQLException {
        Fixtures.TenantFixture tenant = tenantWithEvents(2);
        for (String sql : List.of(
                "update audit_event set actor = 'x'",
                "delete from audit_event",
                "truncate audit_event",
                "update audit_head set seq = 0",
                "delete from audit_head",
                "insert into audit_head (tenant_id, seq, hash) values ('" + tenant.id() + "', 0, '')")) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement set =
                        connection.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
                    set.setString(1, tenant.id().toString());
                    set.execute();
                    try (Statement statement = connection.createStatement()) {
                        SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
                        assertThat(refused.getMessage()).as(sql).contains("permission denied");
                    }
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
        }
        assertThat(verify(tenant.member("auditor")).getBoolean("valid")).isTrue();
    }

    @Test
    void the_application_cannot_choose_the_sequence_time_or_hash_of_an_event() throws SQLException {
        Fixtures.TenantFixture tenant = tenantWithEvents(2);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("select set_config('plimsoll.tenant', '" + tenant.id() + "', true)");
                sql.execute("insert into audit_event (tenant_id, seq, id, occurred_at, actor_kind, actor, action,"
                        + " target_type, hash) values ('" + tenant.id() + "', 1000, gen_random_uuid(),"
                        + " '2001-01-01T00:00:00Z', 'system', 'forger', 'backdated', 'x', '\\x00')");
                connection.commit();
            } finally {
                connection.setAutoCommit(true);
            }
        }
        List<Long> seqs = column(tenant.id(), "select seq from audit_event where tenant_id = ? order by seq");
        assertThat(seqs).containsExactly(1L, 2L, 3L);
        List<Long> years = column(
                tenant.id(), "select extract(year from occurred_at)::bigint from audit_event where tenant_id = ?");
        assertThat(years).doesNotContain(2001L);
        assertThat(verify(tenant.member("auditor")).getBoolean("valid")).isTrue();
    }

    // ------------------------------------------------------------------------------------
    // Who may read it; tenants apart
    // ------------------------------------------------------------------------------------

    @Test
    void team_members_and_security_managers_cannot_read_the_audit_log() {
        Fixtures.TenantFixture tenant = tenantWithEvents(1);
        UUID team = tenant.team("core");
        for (String token : List.of(tenant.member("team-member", team), tenant.member("security-manager"))) {
            for (String path : List.of(
                    "/api/v1/audit-events", "/api/v1/audit-events/export?format=json", "/api/v1/audit-events/verify")) {
                given().auth().oauth2(token).get(path).then().statusCode(403);
            }
        }
        for (String path : List.of("/api/v1/audit-events", "/api/v1/audit-events/verify")) {
            given().get(path).then().statusCode(401);
        }
    }

    @Test
    void an_auditor_reads_the_log_but_cannot_change_anything() {
        Fixtures.TenantFixture tenant = tenantWithEvents(1);
        tenant.team("core");
        String auditor = tenant.member("auditor");
        given().auth().oauth2(auditor).get("/api/v1/audit-events").then().statusCode(200);
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("slug", "sneaky", "name", "Sneaky"))
                .post("/api/v1/teams")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("email", "x-" + UUID.randomUUID() + "@example.com", "role", "org-admin"))
                .post("/api/v1/members")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("team", "core", "name", "x"))
                .post("/api/v1/collector-tokens")
                .then()
                .statusCode(403);
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            int status = given().auth()
                    .oauth2(auditor)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .request(method, "/api/v1/audit-events")
                    .statusCode();
            assertThat(status).as(method).isEqualTo(405);
        }
        assertThat(events(auditor, "").getInt("total")).isEqualTo(1);
    }

    @Test
    void a_tenant_sees_verifies_and_exports_only_its_own_events() {
        Fixtures.TenantFixture mine = tenantWithEvents(3);
        Fixtures.TenantFixture theirs = tenantWithEvents(5);
        String auditor = mine.member("auditor");
        JsonPath list = events(auditor, "");
        assertThat(list.getInt("total")).isEqualTo(3);
        assertThat(verify(auditor).getLong("events")).isEqualTo(3);
        String export = given().auth()
                .oauth2(auditor)
                .get("/api/v1/audit-events/export?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(JsonPath.from(export).getList("$")).hasSize(3);
        assertThat(export).doesNotContain(theirs.id().toString()).contains("\"targetId\":\"" + mine.id());
    }

    // ------------------------------------------------------------------------------------
    // Filters, paging, export
    // ------------------------------------------------------------------------------------

    @Test
    void the_list_filters_by_time_actor_action_and_target_and_pages_newest_first() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String auditor = tenant.member("auditor");
        Instant before = Instant.now().minusSeconds(1);
        tenants.runAs(
                tenant.id(),
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < 7; i++) {
                        audit.recordAs(
                                AuditActor.user("subject-" + (i % 2), "Person" + (i % 2) + "@example.com"),
                                i < 5 ? "team.created" : "member.invited",
                                i < 5 ? "team" : "member",
                                "target-" + i,
                                null,
                                Map.of("i", i));
                    }
                }));
        Instant after = Instant.now().plusSeconds(1);

        JsonPath first = events(auditor, "size=3&page=0");
        assertThat(first.getInt("total")).isEqualTo(7);
        assertThat(first.getList("items.seq", Long.class)).containsExactly(7L, 6L, 5L);
        assertThat(events(auditor, "size=3&page=2").getList("items.seq", Long.class))
                .containsExactly(1L);
        assertThat(events(auditor, "action=member.invited").getInt("total")).isEqualTo(2);
        assertThat(events(auditor, "targetType=team").getInt("total")).isEqualTo(5);
        assertThat(events(auditor, "targetId=target-3").getList("items.seq", Long.class))
                .containsExactly(4L);
        assertThat(events(auditor, "actor=subject-1").getInt("total")).isEqualTo(3);
        assertThat(events(auditor, "actor=person0@example.com").getInt("total")).isEqualTo(4);
        assertThat(events(auditor, "from=" + before + "&to=" + after).getInt("total"))
                .isEqualTo(7);
        assertThat(events(auditor, "to=" + before).getInt("total")).isZero();
        assertThat(events(auditor, "from=" + after).getInt("total")).isZero();
    }

    @Test
    void bad_filters_and_paging_name_the_parameter() {
        String auditor = Fixtures.tenant().member("auditor");
        for (String[] bad : new String[][] {
            {"from=yesterday", "from"},
            {"to=2026-13-01", "to"},
            {"size=0", "size"},
            {"size=501", "size"},
            {"page=-1", "page"},
            {"from=2026-11-02&to=2026-11-01T00:00:00Z", "to"}
        }) {
            given().auth()
                    .oauth2(auditor)
                    .get("/api/v1/audit-events?" + bad[0])
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", org.hamcrest.Matchers.equalTo(bad[1]));
        }
        given().auth()
                .oauth2(auditor)
                .get("/api/v1/audit-events/export?format=xlsx")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("format"));
    }

    @Test
    void the_csv_export_neutralises_cells_a_spreadsheet_would_run_as_formulas() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        given().auth()
                .oauth2(admin)
                .header("User-Agent", "=HYPERLINK(\"http://evil.example\",\"x\")")
                .contentType(ContentType.JSON)
                .body(Map.of("slug", "formula", "name", "=1+2"))
                .post("/api/v1/teams")
                .then()
                .statusCode(201);
        tenants.runAs(
                tenant.id(),
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    audit.recordAs(
                            new AuditActor("system", "+job", "-label"), "odd.cells", "@type", "\tid", null, null);
                    audit.recordAs(AuditActor.system("cr"), "odd.cells", "x", "\rcarriage", null, null);
                }));
        String csv = given().auth()
                .oauth2(admin)
                .get("/api/v1/audit-events/export?format=csv")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("audit-events.csv"))
                .extract()
                .asString();
        assertThat(csv)
                .startsWith("\"seq\",\"id\",\"occurredAt\"")
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")
                .contains("\"'+job\"", "\"'-label\"", "\"'@type\"", "\"'\tid\"", "\"'\rcarriage\"")
                .doesNotContain("\"=HYPERLINK", "\"+job", "\"-label", "\"@type", "\"\tid", "\"\rcarriage");
        // One header line and three events, each on its own CRLF-terminated line (quoted CRs aside).
        assertThat(csv.split("\r\n(?=\"\\d|$)")).hasSize(4);
    }

    @Test
    void every_cell_beginning_with_a_formula_character_gets_an_apostrophe_and_others_do_not() {
        for (String start : List.of("=", "+", "-", "@", "\t", "\r")) {
            assertThat(AuditCsv.cell(start + "SUM(A1)")).isEqualTo("\"'" + start + "SUM(A1)\"");
        }
        assertThat(AuditCsv.cell("plain")).isEqualTo("\"plain\"");
        assertThat(AuditCsv.cell("a=b")).isEqualTo("\"a=b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("")).isEqualTo("\"\"");
        assertThat(AuditCsv.cell(null)).isEmpty();
    }

    @Test
    void the_json_export_lists_events_oldest_first_with_their_hashes() {
        Fixtures.TenantFixture tenant = tenantWithEvents(4);
        JsonPath export = JsonPath.from(given().auth()
                .oauth2(tenant.member("org-admin"))
                .get("/api/v1/audit-events/export?format=json")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .asString());
        assertThat(export.getList("seq", Long.class)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(export.getString("[0].prevHash")).isNull();
        assertThat(export.getString("[1].prevHash")).isEqualTo(export.getString("[0].hash"));
        assertThat(export.getString("[3].hash")).hasSize(64);
    }

    // ------------------------------------------------------------------------------------

    private Fixtures.TenantFixture tenantWithEvents(int n) {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenants.runAs(
                tenant.id(),
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < n; i++) {
                        audit.recordAs(
                                AuditActor.system("fixture"),
                                "fixture.made",
                                "fixture",
                                tenant.id() + "-" + i,
                                null,
                                Map.of("i", i));
                    }
                }));
        return tenant;
    }

    private static JsonPath events(String token, String query) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/audit-events" + (query.isEmpty() ? "" : "?" + query))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath verify(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/audit-events/verify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Runs SQL as the superuser (which row-level security does not stop); :tenant is the tenant. */
    private static void admin(UUID tenant, String sql) {
        try (Connection connection = DriverManager.getConnection(Fixtures.adminUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql.replace(":tenant", "'" + tenant + "'"));
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static List<Long> column(UUID tenant, String sql) {
        List<Long> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return values;
    }
}
