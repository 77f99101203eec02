package dev.plimsoll.wire;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The native scan document: what a collector posts to {@code /api/v1/scans} and what every
 * import is converted to. {@code scanId} is chosen by the sender (a UUID) and is the idempotency
 * key: the same id twice is stored once.
 */
public record ScanDocument(
        String scanId,
        ScanBenchmark benchmark,
        ScanHost host,
        ScanCollector collector,
        Instant startedAt,
        Instant finishedAt,
        List<ScanResult> results) {

    public ScanDocument {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** The number of results with the given status. */
    public long count(ResultStatus status) {
        return results.stream().filter(result -> result.status() == status).count();
    }
}
