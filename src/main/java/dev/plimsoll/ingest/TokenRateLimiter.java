package dev.plimsoll.ingest;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per collector token: a burst, then a steady rate. A token over its rate is
 * answered 429 with Retry-After; other tokens are not affected. Kept in memory per replica.
 */
@ApplicationScoped
public class TokenRateLimiter {

    private static final int MAX_TRACKED = 100_000;

    @Inject
    IngestConfig config;

    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    /** Takes one request from the token's bucket, or refuses with the seconds to wait. */
    public void acquire(UUID token) {
        int burst = config.rateLimit().burst();
        double perSecond = config.rateLimit().perSecond();
        long now = System.nanoTime();
        if (buckets.size() > MAX_TRACKED) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(token, t -> new Bucket(burst, now));
        long waitSeconds;
        synchronized (bucket) {
            double elapsed = (now - bucket.updatedNanos) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            waitSeconds = (long) Math.ceil((1 - bucket.tokens) / perSecond);
        }
        throw new ProblemException(
                ProblemType.RATE_LIMITED,
                "This collector token sent more than " + burst + " requests in a burst or more than " + perSecond
                        + " a second; wait " + waitSeconds + " s and send again.",
                List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, waitSeconds))));
    }
}
