package dev.plimsoll.collector.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plimsoll.collector.cli.ExitCode;
import dev.plimsoll.collector.testing.CollectorRun;
import dev.plimsoll.collector.testing.DockerScenario;
import dev.plimsoll.collector.testing.FakeBackend;
import dev.plimsoll.collector.testing.FakeDockerDaemon;
import dev.plimsoll.collector.testing.FakeHost;
import dev.plimsoll.collector.testing.RecordingSleeper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushTest {

    @TempDir
    Path dir;

    FakeDockerDaemon daemon;
    FakeHost host;
    Path spool;
    RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void hostWithDocker() throws IOException {
        daemon = DockerScenario.hardened().install(FakeDockerDaemon.start(dir.resolve("docker.sock")));
        host = FakeHost.hardened(dir.resolve("host"));
        spool = dir.resolve("spool");
    }

    @AfterEach
    void stopDocker() throws IOException {
        daemon.close();
    }

    private CollectorRun push(String url, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "push",
                "--url",
                url,
                "--token",
                "plc_test",
                "--spool",
                spool.toString(),
                "--docker-socket",
                daemon.socket().toString(),
                "--host-root",
                host.root().toString(),
                "--max-attempts",
                "2"));
        args.addAll(List.of(extra));
        return CollectorRun.of(sleeper, args.toArray(String[]::new));
    }

    private List<Path> spooled() throws IOException {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void a_scan_made_while_the_backend_is_down_is_kept_and_sent_once_when_it_is_back() throws Exception {
        int port = closedPort();
        CollectorRun down = push("http://127.0.0.1:" + port);
        assertEquals(ExitCode.KEPT_FOR_LATER, down.exitCode(), down.err());
        assertEquals(1, spooled().size());
        assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits());
        String scanId = spooled().get(0).getFileName().toString().substring(14).replace(".json.gz", "");

        try (FakeBackend backend = FakeBackend.startOn(port)) {
            CollectorRun up = push(backend.url(), "--spool-only");
            assertEquals(ExitCode.OK, up.exitCode(), up.err());
            assertEquals(List.of(scanId), backend.received());
            assertEquals(List.of(), spooled());

            CollectorRun again = push(backend.url(), "--spool-only");
            assertEquals(ExitCode.OK, again.exitCode());
            assertEquals(List.of(scanId), backend.received(), "nothing is sent twice");
        }
    }

    @Test
    void push_sends_older_spooled_scans_first_then_the_new_one() throws Exception {
        int port = closedPort();
        push("http://127.0.0.1:" + port);
        push("http://127.0.0.1:" + port);
        List<Path> older = spooled();
        assertEquals(2, older.size());
        try (FakeBackend backend = FakeBackend.startOn(port)) {
            CollectorRun run = push(backend.url());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            assertEquals(3, backend.stored().size());
            assertTrue(older.get(0)
                    .getFileName()
                    .toString()
                    .contains(backend.received().get(0)));
            assertTrue(older.get(1)
                    .getFileName()
                    .toString()
                    .contains(backend.received().get(1)));
            assertEquals(List.of("Bearer plc_test", "Bearer plc_test", "Bearer plc_test"), backend.authorizations());
        }
    }

    @Test
    void a_refused_token_stops_at_once_with_exit_code_4_and_keeps_the_scan() throws Exception {
        try (FakeBackend backend = FakeBackend.start().answer(401, Map.of())) {
            CollectorRun run = push(backend.url(), "--max-attempts", "5");
            assertEquals(ExitCode.BACKEND_REFUSED, run.exitCode());
            assertEquals(4, run.exitCode().code());
            assertEquals(1, backend.received().size(), "no retry with a refused token");
            assertEquals(List.of(), sleeper.waits());
            assertEquals(1, spooled().size());
            assertTrue(run.err().contains("refused the collector token (401)"), run.err());
        }
    }

    @Test
    void retry_after_is_honoured() throws Exception {
        try (FakeBackend backend = FakeBackend.start().answer(429, Map.of("Retry-After", "7"))) {
            CollectorRun run = push(backend.url());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits());
            assertEquals(1, backend.stored().size());
        }
    }

    @Test
    void server_errors_are_retried_with_a_growing_backoff() throws Exception {
        try (FakeBackend backend = FakeBackend.start().answer(503, Map.of()).answer(502, Map.of())) {
            CollectorRun run = push(backend.url(), "--max-attempts", "3");
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeper.waits());
            assertEquals(3, backend.received().size());
            assertEquals(1, backend.stored().size());
        }
    }

    @Test
    void a_conflicting_scan_is_set_aside_and_reported_with_exit_code_4() throws Exception {
        try (FakeBackend backend = FakeBackend.start().answer(409, Map.of())) {
            CollectorRun run = push(backend.url());
            assertEquals(ExitCode.BACKEND_REFUSED, run.exitCode());
            assertEquals(List.of(), spooled());
            try (Stream<Path> rejected = Files.list(spool.resolve("rejected"))) {
                assertEquals(1, rejected.count());
            }
        }
    }

    @Test
    void the_spool_cap_drops_the_oldest_scan_with_a_clear_warning() throws Exception {
        int port = closedPort();
        push("http://127.0.0.1:" + port, "--spool-max-bytes", "1K");
        String oldest = spooled().get(0).getFileName().toString();
        CollectorRun second = push("http://127.0.0.1:" + port, "--spool-max-bytes", "1K");
        List<Path> left = spooled();
        assertEquals(1, left.size());
        assertTrue(!left.get(0).getFileName().toString().equals(oldest));
        assertTrue(second.err().contains("over its cap of 1024 bytes: dropped the oldest unsent scan"), second.err());
    }

    @Test
    void a_half_written_spool_file_is_never_sent() throws Exception {
        Files.createDirectories(spool);
        Files.write(spool.resolve(".tmp-0001764324000000-0b7f3a1e.json.gz"), new byte[] {31, -117, 8});
        try (FakeBackend backend = FakeBackend.start()) {
            CollectorRun run = push(backend.url(), "--spool-only");
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            assertEquals(List.of(), backend.received());
            assertEquals(List.of(), spooled());
        }
    }

    @Test
    void a_collector_killed_while_sending_loses_nothing_and_the_next_run_stores_it_once() throws Exception {
        try (FakeBackend backend = FakeBackend.start().stallAfterStoring()) {
            Process collector = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.plimsoll.collector.Main",
                            "push",
                            "--url",
                            backend.url(),
                            "--token",
                            "plc_test",
                            "--spool",
                            spool.toString(),
                            "--docker-socket",
                            daemon.socket().toString(),
                            "--host-root",
                            host.root().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("collector.log").toFile())
                    .start();
            assertTrue(backend.awaitFirstRequest(60), "the collector reached the backend");
            collector.destroyForcibly().waitFor();

            List<Path> left = spooled();
            assertEquals(1, left.size(), "the scan is still spooled after kill -9");
            String scanId = backend.received().get(0);
            assertTrue(left.get(0).getFileName().toString().contains(scanId));

            backend.release();
            CollectorRun next = push(backend.url(), "--spool-only");
            assertEquals(ExitCode.OK, next.exitCode(), next.err());
            assertTrue(next.err().contains("already stored (200)"), next.err());
            assertEquals(Map.of(scanId, backend.stored().get(scanId)), backend.stored());
            assertEquals(List.of(), spooled());
        }
    }
}
