package dev.plimsoll.posture;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.platform.db.TenantDataChanged;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The dashboards' computed answers (records, never rendered pages), per tenant, so that many
 * people looking at the same dashboard do not each recompute it.
 *
 * <p>The key is the tenant of the authenticated request plus what the caller says shapes the
 * answer; callers authorize first (the team resolved through the visibility checks) and put the
 * team, or the teams a tenant-wide view covers, into the shape. An answer is served while its
 * tenant's generation is the one read before it was computed and it is younger than
 * {@link DashboardsConfig#cacheMaxAge()}; past that, the next request computes its successor while
 * the others still get it, up to twice the max age. Every write through the application that changes what
 * the dashboards show moves the generation once it commits ({@link TenantDataChanged}); the max
 * age bounds the staleness from writers this instance does not see (other replicas, direct SQL).
 * Concurrent misses of one key wait for a single computation; a failed one is not kept.
 */
@Singleton
public class PostureCache {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** An answer and when its computation began. */
    public record Cached<T>(T value, Instant computedAt) {

        /** The time of day it was computed, {@code HH:MM:SS} in UTC, for pages. */
        public String computedAtTime() {
            return TIME.format(computedAt);
        }
    }

    record Key(UUID tenant, String view, List<Object> shape) {}

    /**
     * A computation, done or under way, with the generation of its tenant read before it began;
     * {@code refreshing} is set while one request computes its successor.
     */
    private record Entry(
            long generation,
            Instant started,
            long order,
            CompletableFuture<Cached<Object>> answer,
            AtomicBoolean refreshing) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<UUID, Long> generations = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    @Inject
    Caller caller;

    @Inject
    DashboardsConfig config;

    private volatile InstantSource clock = InstantSource.system();

    /**
     * The answer for the current tenant and this view and shape: kept, or computed now (on this
     * thread, in the caller's request) and kept. {@code shape} holds everything else the answer
     * depends on (team ids, the instant or "now", ranges, paging, role-dependent flags).
     */
    public <T> Cached<T> get(String view, List<?> shape, Supplier<T> compute) {
        return get(caller.tenantId(), view, shape, compute);
    }

    @SuppressWarnings("unchecked")
    <T> Cached<T> get(UUID tenant, String view, List<?> shape, Supplier<T> compute) {
        Key key = new Key(tenant, view, List.copyOf(shape));
        Duration maxAge = config.cacheMaxAge();
        if (maxAge.isZero() || maxAge.isNegative()) {
            Instant started = clock.instant();
            return new Cached<>(compute.get(), started);
        }
        long generation = generation(key.tenant());
        Instant now = clock.instant();
        Entry mine =
                new Entry(generation, now, order.incrementAndGet(), new CompletableFuture<>(), new AtomicBoolean());
        boolean[] refresh = {false};
        Entry found = entries.compute(key, (k, old) -> {
            if (old == null || !servable(old, generation, now, maxAge)) {
                return mine;
            }
            if (!usable(old, generation, now, maxAge) && old.refreshing().compareAndSet(false, true)) {
                refresh[0] = true;
            }
            return old;
        });
        if (refresh[0]) {
            // Past its max age: this request computes the next answer, the others still get this one.
            try {
                Cached<T> fresh = new Cached<>(compute.get(), now);
                mine.answer().complete((Cached<Object>) fresh);
                entries.replace(key, found, mine);
                return fresh;
            } finally {
                found.refreshing().set(false);
            }
        }
        if (found == mine) {
            try {
                mine.answer().complete(new Cached<>(compute.get(), mine.started()));
            } catch (RuntimeException | Error e) {
                entries.remove(key, mine);
                mine.answer().completeExceptionally(e);
                throw e;
            }
            trim();
        }
        try {
            return (Cached<T>) found.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * The instant part of a key: the past instant asked for, or today's UTC date for "now" (an
     * answer of the present ends its trend today).
     */
    public static Object instant(Instant pastOrNull) {
        return pastOrNull != null ? pastOrNull : LocalDate.now(ZoneOffset.UTC);
    }

    /** Makes every kept answer of the tenant stale, at once. */
    public void invalidate(UUID tenant) {
        generations.merge(tenant, 1L, Long::sum);
        entries.keySet().removeIf(k -> k.tenant().equals(tenant));
    }

    void onTenantDataChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantDataChanged change) {
        invalidate(change.tenantId());
    }

    private long generation(UUID tenant) {
        return generations.getOrDefault(tenant, 0L);
    }

    private boolean usable(Entry entry, long generation, Instant now, Duration maxAge) {
        return entry.generation() == generation
                && now.isBefore(entry.started().plus(maxAge))
                && !entry.answer().isCompletedExceptionally();
    }

    /**
     * Usable, or of the current generation, computed, and younger than twice the max age: served
     * while one request computes its successor.
     */
    private boolean servable(Entry entry, long generation, Instant now, Duration maxAge) {
        return usable(entry, generation, now, maxAge)
                || (entry.generation() == generation
                        && now.isBefore(entry.started().plus(maxAge.multipliedBy(2)))
                        && entry.answer().isDone()
                        && !entry.answer().isCompletedExceptionally());
    }

    /** Above the bound, drops what can no longer be served, then the oldest, down to nine tenths of it. */
    private void trim() {
        int bound = config.cacheEntries();
        if (entries.size() <= bound) {
            return;
        }
        Instant now = clock.instant();
        Duration maxAge = config.cacheMaxAge();
        entries.entrySet()
                .removeIf(e -> !servable(e.getValue(), generation(e.getKey().tenant()), now, maxAge));
        int excess = entries.size() - bound * 9 / 10;
        if (excess > 0) {
            entries.entrySet().stream()
                    .sorted(Comparator.comparingLong(e -> e.getValue().order()))
                    .limit(excess)
                    .toList()
                    .forEach(e -> entries.remove(e.getKey(), e.getValue()));
        }
    }

    /** The number of answers kept (for tests). */
    int size() {
        return entries.size();
    }

    /** Replaces the clock (tests move time to see answers age). */
    void clock(InstantSource clock) {
        this.clock = clock;
    }
}
