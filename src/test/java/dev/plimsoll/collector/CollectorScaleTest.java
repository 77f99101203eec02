package dev.plimsoll.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plimsoll.collector.check.CheckRegistry;
import dev.plimsoll.collector.testing.DockerScenario;
import dev.plimsoll.collector.testing.FakeDockerDaemon;
import dev.plimsoll.collector.testing.FakeHost;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget in docs/collector.md: a host with 100 containers scanned within a 64 MB heap (the
 * scan must complete in its own JVM with {@code -Xmx64m}). The wall time, JVM start-up included,
 * is printed as a measurement against the 5-second target, not asserted: timing belongs to
 * measurements, not to pass/fail. The fake daemon answers at once; a real one adds its latency.
 */
class CollectorScaleTest {

    private static final int CONTAINERS = 100;
    private static final int IMAGES = 20;
    private static final String HEAP = "64m";

    @TempDir
    Path dir;

    @Test
    void a_host_with_100_containers_is_scanned_completely_within_a_64_mb_heap() throws Exception {
        DockerScenario docker = DockerScenario.hardened();
        docker.cloneContainer(CONTAINERS - 1);
        docker.cloneImage(IMAGES - 1);
        FakeHost host = FakeHost.hardened(dir.resolve("host"));
        Path output = dir.resolve("scan.json");
        // -Dplimsoll.collector.jar=target/plimsoll-collector.jar measures the packaged jar instead of the classes.
        String jar = System.getProperty("plimsoll.collector.jar", "");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP));
        command.addAll(
                jar.isEmpty()
                        ? List.of("-cp", System.getProperty("java.class.path"), "dev.plimsoll.collector.Main")
                        : List.of("-jar", jar));
        command.addAll(List.of("scan", "--host-root", host.root().toString(), "--output", output.toString()));
        try (FakeDockerDaemon daemon = docker.install(FakeDockerDaemon.start(dir.resolve("d.sock")))) {
            command.addAll(List.of("--docker-socket", daemon.socket().toString()));
            long start = System.nanoTime();
            Process scan = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("scan.log").toFile())
                    .start();
            int exit = scan.waitFor();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String log = Files.readString(dir.resolve("scan.log"));
            assertEquals(0, exit, log);

            ScanDocument document = ScanJson.read(Files.readString(output));
            int expected = CheckRegistry.HOST.size()
                    + IMAGES * CheckRegistry.IMAGE.size()
                    + CONTAINERS * CheckRegistry.CONTAINER.size();
            assertEquals(expected, document.results().size());
            System.out.printf(
                    "collector scale: %d containers, %d images, %d results in %d ms wall (JVM start included),"
                            + " -Xmx%s, %s, %d bytes of JSON; %s",
                    CONTAINERS,
                    IMAGES,
                    document.results().size(),
                    elapsed.toMillis(),
                    HEAP,
                    jar.isEmpty() ? "classes" : jar,
                    Files.size(output),
                    log);
        }
    }
}
