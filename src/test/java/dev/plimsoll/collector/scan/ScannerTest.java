package dev.plimsoll.collector.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plimsoll.collector.check.CheckRegistry;
import dev.plimsoll.collector.testing.DockerScenario;
import dev.plimsoll.collector.testing.FakeDockerDaemon;
import dev.plimsoll.collector.testing.FakeHost;
import dev.plimsoll.collector.testing.Fixtures;
import dev.plimsoll.collector.testing.HostScan;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.TargetKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {

    @TempDir
    Path dir;

    private ScanDocument scan(FakeDockerDaemon daemon, FakeHost host) throws Exception {
        ScanOptions options =
                new ScanOptions(daemon.socket(), host.root(), Optional.empty(), Map.of(), Optional.empty(), 4);
        return new Scanner(options, HostScan.NO_AUDITCTL, Clock.fixed(HostScan.TODAY, ZoneOffset.UTC)).scan();
    }

    @Test
    void every_check_gives_one_result_per_target() throws Exception {
        DockerScenario docker = DockerScenario.hardened();
        docker.cloneContainer(2);
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        try (FakeDockerDaemon daemon = docker.install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            ScanDocument document = scan(daemon, host);
            int expected = CheckRegistry.HOST.size() + CheckRegistry.IMAGE.size() + 3 * CheckRegistry.CONTAINER.size();
            assertEquals(expected, document.results().size());
            Set<String> pairs = new HashSet<>();
            for (ScanResult result : document.results()) {
                String pair = result.control() + "@" + result.target().kind() + ":"
                        + result.target().id();
                assertTrue(pairs.add(pair), "twice: " + pair);
            }
            assertEquals(
                    3,
                    document.results().stream()
                            .filter(result -> result.target().kind() == TargetKind.container)
                            .map(result -> result.target().name())
                            .distinct()
                            .count());
        }
    }

    @Test
    void calls_after_version_are_pinned_to_api_1_44() throws Exception {
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        try (FakeDockerDaemon daemon =
                DockerScenario.hardened().install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            scan(daemon, host);
            List<String> requests = daemon.requests();
            assertEquals("/version", requests.get(0));
            assertTrue(
                    requests.subList(1, requests.size()).stream().allMatch(path -> path.startsWith("/v1.44/")),
                    requests.toString());
        }
    }

    @Test
    void an_older_daemon_is_asked_at_its_own_api_version() throws Exception {
        DockerScenario docker = DockerScenario.hardened();
        Fixtures.docker("docker-java_samples_1.22_version_1.json")
                .forEach(member -> docker.version.set(member.getName(), member.getValue()));
        docker.version.remove("MinAPIVersion");
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        try (FakeDockerDaemon daemon = docker.install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            ScanDocument document = scan(daemon, host);
            assertTrue(
                    daemon.requests().get(1).startsWith("/v1.22/"),
                    daemon.requests().toString());
            assertEquals("1.10.1", document.host().dockerVersion());
        }
    }

    @Test
    void chunked_answers_are_read_like_sized_ones() throws Exception {
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        ScanDocument sized;
        try (FakeDockerDaemon daemon =
                DockerScenario.hardened().install(FakeDockerDaemon.start(dir.resolve("a.sock")))) {
            sized = scan(daemon, host);
        }
        try (FakeDockerDaemon daemon = DockerScenario.hardened()
                .install(FakeDockerDaemon.start(dir.resolve("b.sock")))
                .chunked(true)) {
            ScanDocument chunked = scan(daemon, host);
            assertEquals(sized.results(), chunked.results());
        }
    }

    @Test
    void a_container_removed_during_the_scan_is_left_out() throws Exception {
        DockerScenario docker = DockerScenario.hardened();
        docker.cloneContainer(1);
        String gone = docker.containerInspections.keySet().stream()
                .skip(1)
                .findFirst()
                .orElseThrow();
        docker.containerInspections.remove(gone);
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        try (FakeDockerDaemon daemon = docker.install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            ScanDocument document = scan(daemon, host);
            assertTrue(document.results().stream()
                    .noneMatch(result -> gone.equals(result.target().id())));
            assertEquals(
                    CheckRegistry.CONTAINER.size(),
                    document.results().stream()
                            .filter(result -> result.target().kind() == TargetKind.container)
                            .count());
        }
    }
}
