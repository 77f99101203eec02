package dev.plimsoll.wire;

import java.util.Objects;

/**
 * The benchmark a scan was run against. Control ids only mean something together with it: CIS
 * renumbered controls between versions.
 */
public record ScanBenchmark(String id, String version) {

    /** The benchmark the collector runs. */
    public static final ScanBenchmark CIS_DOCKER_1_6_0 = new ScanBenchmark("cis-docker", "1.6.0");

    public ScanBenchmark {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }
}
