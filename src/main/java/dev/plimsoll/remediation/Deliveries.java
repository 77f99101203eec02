package dev.plimsoll.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends the queued notifications: signed JSON webhooks, Slack-compatible messages and e-mail.
 * A failed attempt is retried with exponential backoff up to the configured number of attempts;
 * every attempt's outcome stays in the delivery log. Rows are claimed in one transaction and
 * their outcome written in another, so no transaction stays open during a network call.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    /** How long a claimed delivery is left alone by another sender before it may be tried again. */
    private static final int CLAIM_SECONDS = 120;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    RemediationConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Mailer mailer;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    record Pending(UUID id, String kind, String address, String secret, String payload, int attempts) {}

    /** Sends every notification of {@code tenant} that is due; returns how many were delivered. */
    public int deliverDue(UUID tenant) {
        return tenants.callAs(tenant, () -> {
            int delivered = 0;
            for (Pending pending : claim()) {
                String error = null;
                Integer status = null;
                try {
                    status = send(pending);
                    if (status < 200 || status > 299) {
                        error = "HTTP " + status;
                    }
                } catch (IOException | RuntimeException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = "interrupted";
                }
                record(pending, status, error);
                if (error == null) {
                    delivered++;
                } else {
                    LOG.debugf("Notification %s failed (attempt %d): %s", pending.id(), pending.attempts() + 1, error);
                }
            }
            return delivered;
        });
    }

    @Transactional
    List<Pending> claim() {
        List<Pending> due = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        update notification_delivery d
                           set next_attempt_at = now() + make_interval(secs => ?)
                          from notification_target t
                         where t.id = d.target_id and d.id in (
                               select id from notification_delivery
                                where state = 'pending' and next_attempt_at <= now()
                                order by next_attempt_at limit 50 for update skip locked)
                        returning d.id, t.kind, t.address, t.secret, d.payload::text, d.attempts
                        """)) {
            query.setInt(1, CLAIM_SECONDS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    due.add(new Pending(
                            rows.getObject(1, UUID.class),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim notifications", e);
        }
        return due;
    }

    @Transactional
    void record(Pending pending, Integer status, String error) {
        int attempts = pending.attempts() + 1;
        boolean delivered = error == null;
        String state = delivered ? "delivered" : attempts >= config.maxAttempts() ? "failed" : "pending";
        // Exponential backoff: base, 2 × base, 4 × base, …
        long waitMillis = config.retryBackoff().toMillis() << Math.min(attempts - 1, 20);
        try (Connection db = dataSource.getConnection();
                PreparedStatement update = db.prepareStatement("""
                        update notification_delivery
                           set attempts = ?, state = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
                               delivered_at = case when ? then now() end
                         where id = ?
                        """)) {
            update.setInt(1, attempts);
            update.setString(2, state);
            update.setObject(3, status);
            update.setString(4, error == null ? null : truncate(error));
            update.setTimestamp(5, Timestamp.from(Instant.now().plusMillis(waitMillis)));
            update.setBoolean(6, delivered);
            update.setObject(7, pending.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a notification attempt", e);
        }
    }

    private int send(Pending pending) throws IOException, InterruptedException {
        Map<String, Object> payload;
        try {
            payload = json.readValue(pending.payload(), new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A queued notification is not JSON", e);
        }
        String text = Notifications.describe(payload);
        return switch (pending.kind()) {
            case "email" -> {
                mailer.send(Mail.withText(pending.address(), text, text + "\n\n" + pending.payload()));
                yield 250;
            }
            case "slack" -> post(pending.address(), json.writeValueAsString(Map.of("text", text)), null);
            default -> post(pending.address(), pending.payload(), pending.secret());
        };
    }

    private int post(String url, String body, String secret) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Plimsoll-Webhook/1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(
                    Signature.HEADER, Signature.header(secret, Instant.now().getEpochSecond(), body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String truncate(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }
}
