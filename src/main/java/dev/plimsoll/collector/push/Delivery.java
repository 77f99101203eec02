package dev.plimsoll.collector.push;

import java.time.Duration;
import java.util.Optional;

/**
 * What came of one attempt to send a document.
 *
 * @param outcome how to go on
 * @param status the HTTP status, 0 when there was no answer
 * @param message what happened, for a person
 * @param retryAfter how long the backend asked to wait, when it did
 */
public record Delivery(Outcome outcome, int status, String message, Optional<Duration> retryAfter) {

    public enum Outcome {
        /** The backend has it (201 new, 200 already stored). */
        DELIVERED,
        /** Try again later: no answer, 408, 429 or 5xx. */
        RETRY,
        /** This document will never be taken (409 same id with other content, 400, 413, 422...). */
        REJECTED,
        /** The token is not accepted (401, 403): nothing will be, stop. */
        UNAUTHORIZED
    }
}
