package dev.plimsoll.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.audit.AuditEvent;
import dev.plimsoll.audit.AuditEventList;
import dev.plimsoll.audit.AuditVerification;
import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit log page: what it shows, and who finds it in the navigation. */
@QuarkusTest
class AuditPageTest {

    @Test
    void the_audit_page_shows_events_filters_paging_exports_and_a_broken_chain() throws Exception {
        ObjectMapper json = new ObjectMapper();
        AuditEvent event = new AuditEvent(
                7,
                UUID.randomUUID(),
                Instant.parse("2026-11-28T10:00:00Z"),
                "user",
                "subject-1",
                "admin@example.com",
                "10.0.0.7",
                "<script>alert(1)</script>",
                "team.created",
                "team",
                "t-1",
                null,
                json.readTree("{\"slug\":\"payments\"}"),
                "aa",
                "bb");
        AuditEventList events = new AuditEventList(List.of(event), 120, 1, 50);
        String html = AuditPage.Templates.audit(
                        new Navigation(List.of(), true, "Auditor", List.of()),
                        new AuditPage.Filters(
                                "2026-11-01", "", "", "team.created", "", "", "from=2026-11-01&action=team.created"),
                        events,
                        AuditPage.Paging.of(events),
                        new AuditVerification(false, 120, "Event 5 is missing.", 5L, 120, "cc"),
                        null)
                .render();
        assertThat(html)
                .contains("<h1>Audit log</h1>")
                .contains("admin@example.com")
                .contains("team.created")
                .contains("payments")
                .contains("page 2 of 3")
                .contains("href=\"/app/audit?page=0&amp;from=2026-11-01&amp;action=team.created\"")
                .contains("href=\"/app/audit?page=2&amp;from=2026-11-01&amp;action=team.created\"")
                .contains("/app/audit/export?format=csv&amp;from=2026-11-01")
                .contains("/app/audit/export?format=json")
                .contains("data-verify=\"invalid\"")
                .contains("at event 5")
                .contains("value=\"2026-11-01\"")
                .contains("&lt;script&gt;")
                .doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void the_audit_page_and_its_export_send_an_anonymous_visitor_to_sign_in() {
        for (String path : List.of("/app/audit", "/app/audit/export?format=csv", "/app/engagements")) {
            io.restassured.RestAssured.given()
                    .redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(302)
                    .header("Location", org.hamcrest.Matchers.containsString("code_challenge"));
        }
    }

    @Test
    void the_audit_log_is_in_the_navigation_of_auditors_and_org_admins_only() {
        assertThat(labels(Roles.AUDITOR)).contains("Audit log");
        assertThat(labels(Roles.ORG_ADMIN)).contains("Audit log", "External auditors");
        assertThat(labels(Roles.AUDITOR)).doesNotContain("External auditors");
        assertThat(labels(Roles.SECURITY_MANAGER)).doesNotContain("Audit log");
        assertThat(labels(Roles.TEAM_MEMBER)).doesNotContain("Audit log");
    }

    private static List<String> labels(String role) {
        SecurityIdentity identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("someone"))
                .addRole(role)
                .build();
        Membership membership = new Membership(UUID.randomUUID(), "acme", "Acme", UUID.randomUUID(), role);
        NavigationFactory factory = new NavigationFactory();
        factory.identity = identity;
        factory.caller = new Caller() {
            @Override
            public List<Membership> memberships() {
                return List.of(membership);
            }

            @Override
            public Optional<Membership> membership() {
                return Optional.of(membership);
            }

            @Override
            public Optional<String> displayName() {
                return Optional.of("Someone");
            }

            @Override
            public String subject() {
                return "someone";
            }
        };
        return factory.forPage("/app/audit").items().stream()
                .map(Navigation.Item::label)
                .toList();
    }
}
