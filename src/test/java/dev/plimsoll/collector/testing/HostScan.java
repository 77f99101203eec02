package dev.plimsoll.collector.testing;

import dev.plimsoll.collector.docker.DockerException;
import dev.plimsoll.collector.host.CommandRunner;
import dev.plimsoll.collector.scan.HostException;
import dev.plimsoll.collector.scan.ScanOptions;
import dev.plimsoll.collector.scan.Scanner;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.TargetKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Scans a fake host through a fake daemon and picks results out of the document. */
public final class HostScan {

    /** A day on which Docker Engine 29 is supported and 27 is not. */
    public static final Instant TODAY = Instant.parse("2026-11-28T10:00:00Z");

    /** auditctl is not installed: the rules come from /etc/audit. */
    public static final CommandRunner NO_AUDITCTL =
            command -> CommandRunner.Outcome.notInstalled(command.get(0) + ": not found");

    private HostScan() {}

    public static ScanDocument run(DockerScenario scenario, FakeHost host, Path socket)
            throws DockerException, HostException, java.io.IOException {
        return run(scenario, host, socket, NO_AUDITCTL, Optional.empty());
    }

    public static ScanDocument run(
            DockerScenario scenario,
            FakeHost host,
            Path socket,
            CommandRunner commands,
            Optional<Set<String>> trustedUsers)
            throws DockerException, HostException, java.io.IOException {
        try (FakeDockerDaemon daemon = scenario.install(FakeDockerDaemon.start(socket))) {
            ScanOptions options = new ScanOptions(
                    daemon.socket(), host.root(), Optional.empty(), Map.of("env", "test"), trustedUsers, 4);
            return new Scanner(options, commands, Clock.fixed(TODAY, ZoneOffset.UTC)).scan();
        }
    }

    /** The one result for a control on the host. */
    public static ScanResult hostResult(ScanDocument document, String control) {
        return only(document, control, TargetKind.host);
    }

    public static ScanResult only(ScanDocument document, String control, TargetKind kind) {
        List<ScanResult> matching = document.results().stream()
                .filter(result ->
                        result.control().equals(control) && result.target().kind() == kind)
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + kind + " result for " + control + ", found " + matching);
        }
        return matching.get(0);
    }
}
