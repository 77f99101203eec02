package dev.plimsoll.collector.push;

import dev.plimsoll.collector.CollectorVersion;
import dev.plimsoll.wire.json.JsonShapeException;
import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Posts gzip-compressed scan documents to {@code POST {url}/api/v1/scans} with the collector token. */
public final class BackendClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI scans;
    private final String token;
    private final Clock clock;
    private final HttpClient http;

    public BackendClient(URI backend, String token, Clock clock) {
        String base = backend.toString().replaceAll("/+$", "");
        this.scans = URI.create(base + "/api/v1/scans");
        this.token = token;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI endpoint() {
        return scans;
    }

    public Delivery send(byte[] gzippedDocument) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(scans)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", CollectorVersion.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedDocument))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            return new Delivery(
                    Delivery.Outcome.RETRY,
                    0,
                    "the backend at " + scans + " cannot be reached: " + describe(unreachable),
                    Optional.empty());
        }
        int status = response.statusCode();
        String detail = detail(response.body());
        Optional<Duration> retryAfter =
                response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
        if (status == 200 || status == 201) {
            String what = status == 201 ? "stored" : "already stored";
            return new Delivery(Delivery.Outcome.DELIVERED, status, what, Optional.empty());
        }
        if (status == 401 || status == 403) {
            return new Delivery(
                    Delivery.Outcome.UNAUTHORIZED,
                    status,
                    "the backend refused the collector token (" + status + (detail.isEmpty() ? "" : ": " + detail)
                            + "): check --token, its expiry and that it was not revoked",
                    Optional.empty());
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Delivery(
                    Delivery.Outcome.RETRY,
                    status,
                    "the backend answered " + status + (detail.isEmpty() ? "" : ": " + detail),
                    retryAfter);
        }
        String why = status == 409 ? "another scan with the same id and different content is stored" : detail;
        return new Delivery(
                Delivery.Outcome.REJECTED,
                status,
                "the backend refused the scan (" + status + (why.isEmpty() ? "" : ": " + why) + ")",
                Optional.empty());
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    Optional<Duration> retryAfter(String value) {
        String text = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), when.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    /** The {@code detail} of a problem answer, else a short piece of the body. */
    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            Node problem = Node.parse(body);
            String detail = problem.get("detail").textOr(problem.get("title").textOr(""));
            if (!detail.isEmpty()) {
                return detail;
            }
        } catch (JsonShapeException notJson) {
            // fall through to the raw text
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
