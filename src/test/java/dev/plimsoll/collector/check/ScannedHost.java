package dev.plimsoll.collector.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plimsoll.collector.host.CommandRunner;
import dev.plimsoll.collector.testing.DockerScenario;
import dev.plimsoll.collector.testing.FakeHost;
import dev.plimsoll.collector.testing.HostScan;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.TargetKind;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A hardened host and daemon each test may change one thing about before scanning. */
abstract class ScannedHost {

    @TempDir
    Path dir;

    DockerScenario docker;
    FakeHost host;
    CommandRunner commands = HostScan.NO_AUDITCTL;
    Optional<Set<String>> trustedUsers = Optional.empty();

    @BeforeEach
    void hardenedHost() {
        docker = DockerScenario.hardened();
        host = FakeHost.hardened(dir.resolve("host"));
    }

    ScanDocument scan() throws Exception {
        return HostScan.run(docker, host, dir.resolve("docker.sock"), commands, trustedUsers);
    }

    ScanResult hostResult(String control) throws Exception {
        return HostScan.hostResult(scan(), control);
    }

    ScanResult imageResult(String control) throws Exception {
        return HostScan.only(scan(), control, TargetKind.image);
    }

    static ScanResult assertStatus(ResultStatus expected, ScanResult result) {
        assertEquals(expected, result.status(), result.control() + ": " + result.evidence());
        return result;
    }
}
