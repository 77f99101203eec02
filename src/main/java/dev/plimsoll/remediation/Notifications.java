package dev.plimsoll.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Queues a notification for every target that wants its event (and, for a target limited to a
 * team, concerns that team) in the delivery log; {@link Deliveries} sends it. Queuing is one
 * statement in the caller's transaction, so a notification exists exactly when its change does.
 */
@ApplicationScoped
public class Notifications {

    public static final String NEW_FAILURES = "failures.new";
    public static final String REGRESSIONS = "items.regressed";
    public static final String OVERDUE = "items.overdue";
    public static final String EXCEPTION_REQUESTED = "exception.requested";
    public static final String EXCEPTION_APPROVED = "exception.approved";
    public static final String EXCEPTION_EXPIRING = "exception.expiring";

    /** Every event a target may subscribe to. */
    public static final List<String> EVENTS =
            List.of(NEW_FAILURES, REGRESSIONS, OVERDUE, EXCEPTION_REQUESTED, EXCEPTION_APPROVED, EXCEPTION_EXPIRING);

    @Inject
    ObjectMapper json;

    /** Queues {@code event} about {@code team} (null: the whole tenant) with its details. */
    void enqueue(Connection db, String event, UUID team, Map<String, ?> data) throws SQLException {
        String details;
        try {
            details = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Notification details must be JSON", e);
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into notification_delivery (tenant_id, id, target_id, event, payload, state)
                select t.tenant_id, gen_random_uuid(), t.id, ?,
                       jsonb_build_object('event', ?::text, 'tenant', tn.slug,
                                          'team', (select slug from team where id = ?::uuid),
                                          'at', now(), 'data', ?::jsonb),
                       'pending'
                  from notification_target t join tenant tn on tn.id = t.tenant_id
                 where ? = any(t.events) and (t.team_id is null or ?::uuid is null or t.team_id = ?::uuid)
                """)) {
            insert.setString(1, event);
            insert.setString(2, event);
            insert.setObject(3, team);
            insert.setString(4, details);
            insert.setString(5, event);
            insert.setObject(6, team);
            insert.setObject(7, team);
            insert.executeUpdate();
        }
    }

    /** One line for people (Slack text, e-mail subject and body). */
    static String describe(Map<String, Object> payload) {
        Object event = payload.get("event");
        Object team = payload.get("team");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) payload.getOrDefault("data", Map.of());
        String on = team == null ? "" : " on team " + team;
        return "[Plimsoll] "
                + switch (String.valueOf(event)) {
                    case NEW_FAILURES -> data.get("newFailures") + " new failing control(s)" + on;
                    case REGRESSIONS -> data.get("regressions") + " regression(s)" + on + ": fixed controls fail again";
                    case OVERDUE -> data.get("overdue") + " remediation item(s) became overdue" + on;
                    case EXCEPTION_REQUESTED ->
                        "Exception requested for control " + data.get("control") + on + " by "
                                + data.get("requestedBy");
                    case EXCEPTION_APPROVED ->
                        "Exception approved for control " + data.get("control") + on + " until "
                                + data.get("expiresAt");
                    case EXCEPTION_EXPIRING ->
                        "Exception for control " + data.get("control") + on + " expires at " + data.get("expiresAt");
                    default -> String.valueOf(event);
                };
    }
}
