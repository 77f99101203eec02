package dev.plimsoll.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plimsoll.collector.testing.CollectorRun;
import dev.plimsoll.collector.testing.DockerScenario;
import dev.plimsoll.collector.testing.FakeDockerDaemon;
import dev.plimsoll.collector.testing.FakeHost;
import dev.plimsoll.collector.testing.Fixtures;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorCliTest {

    @TempDir
    Path dir;

    private CollectorRun scan(FakeDockerDaemon daemon, FakeHost host, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "scan",
                "--docker-socket",
                daemon.socket().toString(),
                "--host-root",
                host.root().toString(),
                "--label",
                "env=prod"));
        args.addAll(List.of(extra));
        return CollectorRun.of(args.toArray(String[]::new));
    }

    @Test
    void scan_writes_the_native_document_for_the_host() throws Exception {
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        try (FakeDockerDaemon daemon =
                DockerScenario.hardened().install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            Path output = dir.resolve("scan.json");
            CollectorRun run = scan(daemon, host, "--output", output.toString());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            ScanDocument document = ScanJson.read(Files.readString(output, StandardCharsets.UTF_8));
            UUID.fromString(document.scanId());
            assertEquals("cis-docker", document.benchmark().id());
            assertEquals("1.6.0", document.benchmark().version());
            assertEquals("4f3a9c0e5b7d4e1f8a2b6c9d0e1f2a3b", document.host().id());
            assertEquals("web-01", document.host().hostname());
            assertEquals("Debian GNU/Linux 12 (bookworm)", document.host().os());
            assertEquals("27.3.1", document.host().dockerVersion());
            assertEquals("prod", document.host().labels().get("env"));
            assertEquals("plimsoll-collector", document.collector().name());
            assertTrue(run.err().contains("results"), run.err());
        }
    }

    @Test
    void scan_with_fail_on_exits_1_when_a_check_fails() throws Exception {
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        try (FakeDockerDaemon daemon =
                DockerScenario.hardened().install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            // Docker 27 is out of support on the test's day: PL-4 fails.
            CollectorRun run =
                    scan(daemon, host, "--output", dir.resolve("scan.json").toString(), "--fail-on", "fail");
            assertEquals(ExitCode.CHECKS_FAILED, run.exitCode(), run.err());
            assertEquals(1, run.exitCode().code());
        }
    }

    @Test
    void scan_without_a_docker_daemon_exits_3() {
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        CollectorRun run = CollectorRun.of(
                "scan",
                "--docker-socket",
                dir.resolve("missing.sock").toString(),
                "--host-root",
                host.root().toString());
        assertEquals(ExitCode.UNREADABLE, run.exitCode());
        assertEquals(3, run.exitCode().code());
        assertTrue(run.err().contains("cannot talk to the Docker daemon"), run.err());
    }

    @Test
    void scan_of_a_host_root_without_machine_id_exits_3_and_says_what_to_do() throws Exception {
        FakeHost host = FakeHost.hardened(dir.resolve("host")).delete("/etc/machine-id");
        try (FakeDockerDaemon daemon =
                DockerScenario.hardened().install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            CollectorRun run = scan(daemon, host);
            assertEquals(ExitCode.UNREADABLE, run.exitCode());
            assertTrue(run.err().contains("--host-id"), run.err());
        }
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        CollectorRun run = CollectorRun.of("verify");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals(2, run.exitCode().code());
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        assertEquals(ExitCode.USAGE, CollectorRun.of("scan", "--colour").exitCode());
    }

    @Test
    void push_without_a_token_is_a_usage_error() {
        CollectorRun run = CollectorRun.of("push", "--url", "https://plimsoll.example.com");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("PLIMSOLL_TOKEN"), run.err());
    }

    @Test
    void fail_on_with_an_unknown_status_is_a_usage_error() {
        assertEquals(
                ExitCode.USAGE, CollectorRun.of("scan", "--fail-on", "critical").exitCode());
    }

    @Test
    void import_converts_a_file_to_the_native_document() throws Exception {
        Path input = dir.resolve("log.json");
        Files.writeString(input, Fixtures.text("/wire/samples/docker-bench-security/log-v1.6.0_EXCERPT.json"));
        Path output = dir.resolve("scan.json");
        CollectorRun run = CollectorRun.of(
                "import",
                "--format",
                "docker-bench",
                "--host",
                "web-01",
                input.toString(),
                "--output",
                output.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(14, ScanJson.read(Files.readString(output)).results().size());
    }

    @Test
    void import_of_broken_input_exits_3_and_names_the_place() throws Exception {
        Path input = dir.resolve("log.json");
        String log = Fixtures.text("/wire/samples/docker-bench-security/log-v1.6.0_EXCERPT.json");
        Files.writeString(input, log.substring(0, log.indexOf("\"id\": \"3.7\"") + 9));
        CollectorRun run = CollectorRun.of("import", "--format", "docker-bench", "--host", "web-01", input.toString());
        assertEquals(ExitCode.UNREADABLE, run.exitCode());
        assertTrue(run.err().contains("at /tests/2/results/0/id"), run.err());
    }

    @Test
    void import_of_an_unknown_format_is_a_usage_error() {
        assertEquals(
                ExitCode.USAGE,
                CollectorRun.of("import", "--format", "grype", "x.json").exitCode());
    }
}
