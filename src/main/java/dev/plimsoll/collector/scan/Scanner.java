package dev.plimsoll.collector.scan;

import dev.plimsoll.collector.CollectorVersion;
import dev.plimsoll.collector.check.CheckRegistry;
import dev.plimsoll.collector.check.ContainerFacts;
import dev.plimsoll.collector.check.DaemonSecurity;
import dev.plimsoll.collector.check.ExecSession;
import dev.plimsoll.collector.check.HostFacts;
import dev.plimsoll.collector.check.ImageFacts;
import dev.plimsoll.collector.docker.DockerClient;
import dev.plimsoll.collector.docker.DockerException;
import dev.plimsoll.collector.host.AuditRules;
import dev.plimsoll.collector.host.CommandRunner;
import dev.plimsoll.collector.host.DaemonConfig;
import dev.plimsoll.collector.host.HostProcesses;
import dev.plimsoll.collector.host.HostRoot;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one scan: gathers the daemon's and the host's facts, runs every check of the registry and
 * returns the native scan document (one result per control and target).
 */
public final class Scanner {

    private final ScanOptions options;
    private final CommandRunner commands;
    private final Clock clock;

    public Scanner(ScanOptions options, CommandRunner commands, Clock clock) {
        this.options = options;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * @throws DockerException when the daemon cannot be read
     * @throws HostException when the host root cannot be read or gives no host identity
     */
    public ScanDocument scan() throws DockerException, HostException {
        Instant startedAt = clock.instant();
        if (!Files.isDirectory(options.hostRoot())) {
            throw new HostException("the host root " + options.hostRoot() + " is not a readable directory");
        }
        HostRoot host = new HostRoot(options.hostRoot());
        DockerClient docker = DockerClient.connect(options.dockerSocket(), CollectorVersion.USER_AGENT);
        Node info = docker.info();
        try {
            HostProcesses processes = HostProcesses.load(host);
            HostFacts facts = new HostFacts(
                    host,
                    docker.version(),
                    info,
                    DaemonConfig.load(host, processes),
                    processes,
                    AuditRules.load(host, commands),
                    docker.runningContainers(),
                    docker.allContainers(),
                    docker.images(),
                    docker.networks(),
                    docker.swarm(),
                    docker.swarmNodes(),
                    docker.swarmSecrets(),
                    options.trustedUsers(),
                    startedAt);

            List<ScanResult> results = new ArrayList<>(CheckRegistry.forHost(facts));
            ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), daemonThreads());
            try {
                List<Future<List<ScanResult>>> perTarget = new ArrayList<>();
                Set<String> localTags = localTags(facts.images());
                for (Node image : facts.images()) {
                    String id = image.get("Id").textOr("");
                    perTarget.add(pool.submit(() -> image(docker, id, localTags)
                            .map(CheckRegistry::forImage)
                            .orElse(List.of())));
                }
                DaemonSecurity security = facts.security();
                for (Node container : facts.runningContainers()) {
                    String id = container.get("Id").textOr("");
                    perTarget.add(pool.submit(() -> container(docker, id, security)
                            .map(CheckRegistry::forContainer)
                            .orElse(List.of())));
                }
                for (Future<List<ScanResult>> future : perTarget) {
                    results.addAll(future.get());
                }
            } finally {
                pool.shutdownNow();
            }
            return new ScanDocument(
                    UUID.randomUUID().toString(),
                    ScanBenchmark.CIS_DOCKER_1_6_0,
                    describeHost(host, docker, info),
                    new ScanCollector(CollectorVersion.NAME, CollectorVersion.VERSION),
                    startedAt,
                    clock.instant(),
                    results);
        } catch (IOException e) {
            throw new HostException("cannot read the host under " + options.hostRoot() + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DockerException unreadable) {
                throw unreadable;
            }
            throw new IllegalStateException("a check broke the scan", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("interrupted while scanning", e);
        }
    }

    /** What the image checks need; empty when the image is gone. */
    private static Optional<ImageFacts> image(DockerClient docker, String id, Set<String> localTags)
            throws DockerException {
        Optional<Node> inspect = docker.inspectImage(id);
        if (inspect.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImageFacts(inspect.get(), docker.imageHistory(id), localTags));
    }

    /** What the container checks need; empty when the container is gone (removed since it was listed). */
    private static Optional<ContainerFacts> container(DockerClient docker, String id, DaemonSecurity security)
            throws DockerException {
        Optional<Node> found = docker.inspectContainer(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Node inspect = found.get();
        List<ExecSession> execs = new ArrayList<>();
        for (String execId : inspect.get("ExecIDs").strings()) {
            docker.exec(execId)
                    .ifPresent(exec -> execs.add(new ExecSession(
                            execId,
                            exec.path("ProcessConfig", "privileged").boolOr(false),
                            exec.path("ProcessConfig", "user").textOr(""))));
        }
        boolean running = inspect.path("State", "Running").boolOr(false);
        Optional<List<String>> processes = running ? docker.processes(id) : Optional.empty();
        return Optional.of(new ContainerFacts(inspect, security, processes, Optional.of(execs)));
    }

    private static Set<String> localTags(List<Node> images) {
        Set<String> tags = new LinkedHashSet<>();
        for (Node image : images) {
            tags.addAll(image.get("RepoTags").strings());
        }
        return tags;
    }

    private ScanHost describeHost(HostRoot host, DockerClient docker, Node info) throws IOException, HostException {
        String id = options.hostId().isPresent() ? options.hostId().get() : machineId(host);
        String hostname = info.get("Name").textOr(null);
        if (hostname == null) {
            hostname = host.read("/etc/hostname").map(String::strip).orElse(null);
        }
        String os = info.get("OperatingSystem").textOr(null);
        if (os == null) {
            os = osRelease(host);
        }
        return new ScanHost(id, hostname, os, docker.version().get("Version").textOr(null), options.labels());
    }

    private static String machineId(HostRoot host) throws IOException, HostException {
        for (String path : List.of("/etc/machine-id", "/var/lib/dbus/machine-id")) {
            Optional<String> id = host.read(path).map(String::strip).filter(text -> !text.isEmpty());
            if (id.isPresent()) {
                return id.get();
            }
        }
        throw new HostException("the host has no /etc/machine-id under " + host.root()
                + ": mount the host's root (--host-root) or give its identity with --host-id");
    }

    private static String osRelease(HostRoot host) throws IOException {
        for (String line : host.read("/etc/os-release").orElse("").lines().toList()) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return null;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "plimsoll-scan");
            thread.setDaemon(true);
            return thread;
        };
    }
}
