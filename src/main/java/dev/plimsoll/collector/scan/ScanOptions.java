package dev.plimsoll.collector.scan;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to scan.
 *
 * @param dockerSocket the daemon's unix socket
 * @param hostRoot where the host's file system is (the host's {@code /}, or e.g. {@code /host})
 * @param hostId overrides the host id read from {@code /etc/machine-id}
 * @param labels labels for the host, sent with every scan
 * @param trustedUsers the users allowed in the docker group (CIS 1.1.2), when named
 * @param parallelism how many containers and images to inspect at once
 */
public record ScanOptions(
        Path dockerSocket,
        Path hostRoot,
        Optional<String> hostId,
        Map<String, String> labels,
        Optional<Set<String>> trustedUsers,
        int parallelism) {

    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    public ScanOptions {
        Objects.requireNonNull(dockerSocket, "dockerSocket");
        Objects.requireNonNull(hostRoot, "hostRoot");
        labels = Map.copyOf(labels);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static ScanOptions defaults() {
        return new ScanOptions(DEFAULT_SOCKET, Path.of("/"), Optional.empty(), Map.of(), Optional.empty(), 4);
    }
}
