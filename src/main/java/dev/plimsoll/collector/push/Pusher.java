package dev.plimsoll.collector.push;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Sends the spool to the backend, oldest first, each document until it is delivered or refused.
 *
 * <p>Retryable failures (no answer, 408, 429, 5xx) wait and try again: {@code Retry-After} when
 * the backend gives it, else an exponential backoff; after {@code maxAttempts} the remaining
 * documents stay spooled for the next run. A refused token stops everything at once.
 */
public final class Pusher {

    /** How a drain ended. */
    public enum Result {
        /** Every spooled document reached the backend. */
        ALL_DELIVERED,
        /** The backend stayed unreachable or busy; documents remain spooled for the next run. */
        KEPT_FOR_LATER,
        /** The backend refused the token or a document. */
        REFUSED
    }

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final Spool spool;
    private final BackendClient backend;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final PrintStream log;

    public Pusher(Spool spool, BackendClient backend, Sleeper sleeper, int maxAttempts, PrintStream log) {
        this.spool = spool;
        this.backend = backend;
        this.sleeper = sleeper;
        this.maxAttempts = maxAttempts;
        this.log = log;
    }

    public Result drain() throws IOException, InterruptedException {
        List<Spool.Entry> pending = spool.pending();
        boolean refused = false;
        for (int index = 0; index < pending.size(); index++) {
            Spool.Entry entry = pending.get(index);
            Delivery delivery = deliver(entry);
            switch (delivery.outcome()) {
                case DELIVERED -> {
                    spool.remove(entry);
                    log.println("scan " + entry.scanId() + ": " + delivery.message() + " (" + delivery.status() + ")");
                }
                case REJECTED -> {
                    refused = true;
                    log.println("error: scan " + entry.scanId() + ": " + delivery.message() + "; kept in "
                            + spool.reject(entry));
                }
                case UNAUTHORIZED -> {
                    log.println("error: " + delivery.message() + ". " + (pending.size() - index) + " scans stay in "
                            + spool.dir() + ".");
                    return Result.REFUSED;
                }
                case RETRY -> {
                    log.println("warning: " + delivery.message() + ". " + (pending.size() - index) + " scans stay in "
                            + spool.dir() + " for the next run.");
                    return refused ? Result.REFUSED : Result.KEPT_FOR_LATER;
                }
            }
        }
        return refused ? Result.REFUSED : Result.ALL_DELIVERED;
    }

    /** Tries one document until it is delivered, refused, or the attempts run out. */
    private Delivery deliver(Spool.Entry entry) throws IOException, InterruptedException {
        byte[] body = spool.read(entry);
        Duration backoff = FIRST_BACKOFF;
        Delivery delivery = backend.send(body);
        for (int attempt = 1; delivery.outcome() == Delivery.Outcome.RETRY && attempt < maxAttempts; attempt++) {
            Duration wait = delivery.retryAfter().orElse(backoff);
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
            log.println("scan " + entry.scanId() + ": " + delivery.message() + "; retrying in " + wait.toSeconds()
                    + " s (attempt " + (attempt + 1) + " of " + maxAttempts + ")");
            sleeper.sleep(wait);
            backoff = backoff.multipliedBy(2);
            delivery = backend.send(body);
        }
        return delivery;
    }
}
