package dev.plimsoll.remediation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification target with its latest deliveries. {@code secret} (the webhook signing key) is
 * shown only in the answer that created the target.
 */
public record TargetView(
        UUID id,
        String name,
        String kind,
        String address,
        List<String> events,
        String team,
        String secret,
        Instant createdAt,
        List<Delivery> recentDeliveries) {

    /** One entry of the delivery log. */
    public record Delivery(
            UUID id,
            String event,
            String state,
            int attempts,
            Integer lastStatus,
            String lastError,
            Instant createdAt,
            Instant deliveredAt) {}
}
