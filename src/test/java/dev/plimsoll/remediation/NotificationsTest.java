package dev.plimsoll.remediation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.plimsoll.platform.db.TenantContext;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks signed and retried against a local receiver, the Slack format, e-mail, the delivery log. */
@QuarkusTest
class NotificationsTest {

    static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    record Received(String path, String signature, String body) {}

    @Inject
    RemediationSync sync;

    @Inject
    Deliveries deliveries;

    @Inject
    TenantContext tenants;

    @Inject
    MockMailbox mailbox;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Plimsoll-Signature"),
                    body));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        mailbox.clear();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    static String target(String admin, String kind, String address, List<String> events) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", kind + " target", "kind", kind, "address", address, "events", events))
                .post("/api/v1/notification-targets")
                .then()
                .statusCode(201)
                .extract()
                .asString();
    }

    void newFailure(Fleet fleet) {
        UUID host = fleet.host("pay-01", T0);
        UUID api = fleet.container(host, "api", "nginx:1.27", T0);
        UUID scan = fleet.scan(host, T0);
        fleet.result(scan, T0, api, "5.5", "fail");
        tenants.runAs(fleet.tenant.id(), () -> sync.afterScan(fleet.tenant.id(), scan));
    }

    @Test
    void a_webhook_is_signed_with_the_targets_secret_and_retried_until_the_receiver_accepts_it() {
        Fleet fleet = new Fleet();
        String admin = fleet.tenant.member("org-admin");
        JsonPath created = JsonPath.from(target(admin, "webhook", url("/hook"), List.of("failures.new")));
        String secret = created.getString("secret");
        assertThat(secret).startsWith("whsec_");
        failuresLeft.set(2);
        newFailure(fleet);

        assertThat(deliveries.deliverDue(fleet.tenant.id())).isZero();
        assertThat(deliveries.deliverDue(fleet.tenant.id())).isZero();
        assertThat(deliveries.deliverDue(fleet.tenant.id())).isEqualTo(1);
        assertThat(deliveries.deliverDue(fleet.tenant.id()))
                .as("nothing left to send")
                .isZero();

        assertThat(received).hasSize(3);
        Received last = received.get(2);
        JsonPath body = JsonPath.from(last.body());
        assertThat(body.getString("event")).isEqualTo("failures.new");
        assertThat(body.getString("team")).isEqualTo("payments");
        assertThat(body.getInt("data.newFailures")).isEqualTo(1);
        String[] parts = last.signature().split(",");
        String t = parts[0].substring(2);
        assertThat(parts[1]).isEqualTo("v1=" + Signature.hmac(secret, t + "." + last.body()));
        assertThat(Long.parseLong(t))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(parts[1]).isNotEqualTo("v1=" + Signature.hmac("another secret", t + "." + last.body()));

        JsonPath log = given().auth()
                .oauth2(admin)
                .get("/api/v1/notification-targets")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(log.getString("items[0].secret"))
                .as("the secret is shown once")
                .isNull();
        assertThat(log.getString("items[0].recentDeliveries[0].state")).isEqualTo("delivered");
        assertThat(log.getInt("items[0].recentDeliveries[0].attempts")).isEqualTo(3);
        assertThat(log.getInt("items[0].recentDeliveries[0].lastStatus")).isEqualTo(204);
    }

    @Test
    void a_delivery_that_keeps_failing_is_marked_failed_after_the_last_attempt() {
        Fleet fleet = new Fleet();
        String admin = fleet.tenant.member("org-admin");
        target(admin, "webhook", url("/down"), List.of("failures.new"));
        failuresLeft.set(100);
        newFailure(fleet);
        for (int i = 0; i < 8; i++) {
            deliveries.deliverDue(fleet.tenant.id());
        }
        assertThat(received).hasSize(6);
        assertThat(Fleet.query(
                        "select state || ' ' || attempts || ' ' || last_error from notification_delivery where tenant_id = ?",
                        fleet.tenant.id()))
                .isEqualTo("failed 6 HTTP 503");
    }

    @Test
    void slack_targets_get_a_text_message_and_email_targets_a_mail() {
        Fleet fleet = new Fleet();
        String admin = fleet.tenant.member("org-admin");
        target(admin, "slack", url("/slack"), List.of("failures.new"));
        target(admin, "email", "oncall@acme.test", List.of("failures.new"));
        target(admin, "webhook", url("/other"), List.of("exception.approved"));
        newFailure(fleet);
        assertThat(deliveries.deliverDue(fleet.tenant.id())).isEqualTo(2);

        assertThat(received).hasSize(1);
        assertThat(received.get(0).path()).isEqualTo("/slack");
        assertThat(received.get(0).signature()).isNull();
        assertThat(JsonPath.from(received.get(0).body()).getString("text"))
                .isEqualTo("[Plimsoll] 1 new failing control(s) on team payments");

        List<Mail> mails = mailbox.getMailsSentTo("oncall@acme.test");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[Plimsoll] 1 new failing control(s) on team payments");
    }

    @Test
    void only_org_admins_manage_targets_and_bad_addresses_are_refused() {
        Fleet fleet = new Fleet();
        String admin = fleet.tenant.member("org-admin");
        String manager = fleet.tenant.member("security-manager");
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "kind", "webhook", "address", url("/x")))
                .post("/api/v1/notification-targets")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "kind", "webhook", "address", "ftp://example.test/x"))
                .post("/api/v1/notification-targets")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "kind", "webhook", "address", url("/x"), "events", List.of("everything")))
                .post("/api/v1/notification-targets")
                .then()
                .statusCode(400);
    }
}
