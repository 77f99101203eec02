package dev.plimsoll.ingest;

import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.TargetKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds native scan documents for tests: a host, its containers, and a verdict per control. */
final class Scans {

    private String scanId = UUID.randomUUID().toString();
    private String host = "host-" + UUID.randomUUID().toString().substring(0, 8);
    private Instant at = Instant.now().minusSeconds(60);
    private final List<ScanResult> results = new ArrayList<>();

    static Scans scan() {
        return new Scans();
    }

    Scans id(String id) {
        this.scanId = id;
        return this;
    }

    Scans host(String host) {
        this.host = host;
        return this;
    }

    Scans at(Instant at) {
        this.at = at;
        return this;
    }

    Scans hostResult(String control, ResultStatus status) {
        results.add(new ScanResult(control, status, ScanTarget.host(), "seen " + status, null));
        return this;
    }

    Scans containerResult(String container, String control, ResultStatus status) {
        results.add(new ScanResult(
                control,
                status,
                ScanTarget.container("id-" + container, container, "nginx:1.27", "sha256:" + "ab".repeat(32)),
                "seen " + status,
                status.countsAsFailed() ? "fix it" : null));
        return this;
    }

    /** The same results from the same host at another time, under a new scan id. */
    Scans again(Instant later) {
        Scans copy = scan().host(host).at(later);
        copy.results.addAll(results);
        return copy;
    }

    /** Leaves out the results of one container, as if it had stopped. */
    Scans withoutContainer(String name) {
        results.removeIf(r -> r.target().kind() == TargetKind.container
                && name.equals(r.target().name()));
        return this;
    }

    Scans result(ScanResult result) {
        results.add(result);
        return this;
    }

    String scanId() {
        return scanId;
    }

    String hostId() {
        return host;
    }

    Instant time() {
        return at;
    }

    ScanDocument document() {
        return new ScanDocument(
                scanId,
                ScanBenchmark.CIS_DOCKER_1_6_0,
                new ScanHost(host, host, "Debian 12", "27.3.1", Map.of("env", "test")),
                new ScanCollector("plimsoll-collector", "test"),
                at.minusSeconds(4),
                at,
                results);
    }

    String json() {
        return ScanJson.write(document());
    }
}
