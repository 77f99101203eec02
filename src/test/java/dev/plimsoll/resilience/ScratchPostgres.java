package dev.plimsoll.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own (own data directory, own port on 127.0.0.1) that the fault suite
 * may crash, pause and restart: never the shared server on 5432. It uses the PostgreSQL binaries
 * installed on the machine ({@code PLIMSOLL_PG_BIN}, else the newest /usr/lib/postgresql/N/bin);
 * run as root, the server runs as the {@code postgres} user (initdb refuses root).
 */
final class ScratchPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dataDir;
    private final Path socketDir;
    private final int port;
    private final boolean asPostgresUser;

    private ScratchPostgres(Path bin, Path dataDir, Path socketDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.socketDir = socketDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a cluster in a fresh directory and starts it. */
    static ScratchPostgres create() throws IOException, InterruptedException {
        Path bin = binaries();
        Path root = Files.createTempDirectory("plimsoll-resilience-pg");
        boolean root0 = "root".equals(System.getProperty("user.name"));
        Path data = root.resolve("data");
        Path sockets = root.resolve("sockets");
        Files.createDirectories(sockets);
        if (root0) {
            run(List.of("chown", "-R", "postgres", root.toString()), Duration.ofSeconds(10));
        }
        ScratchPostgres pg = new ScratchPostgres(bin, data, sockets, freePort(), root0);
        pg.exec(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-sync"),
                Duration.ofSeconds(120));
        Files.writeString(
                data.resolve("postgresql.conf"),
                "\nlisten_addresses = '127.0.0.1'\nport = " + pg.port + "\nunix_socket_directories = '" + sockets
                        + "'\nmax_connections = 100\nfsync = on\nshared_buffers = 32MB\n",
                java.nio.file.StandardOpenOption.APPEND);
        pg.start();
        return pg;
    }

    int port() {
        return port;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database) + "?user=postgres&connectTimeout=5&socketTimeout=30");
    }

    void start() throws IOException, InterruptedException {
        exec(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        dataDir.getParent().resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "120",
                        "start"),
                Duration.ofSeconds(130));
    }

    /** The postmaster's pid, from its lock file. */
    long postmasterPid() throws IOException {
        return Long.parseLong(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    /** A crash: the postmaster and every backend killed at once (SIGKILL); the restart replays WAL. */
    void crash() throws Exception {
        List<ProcessHandle> all = processes();
        for (ProcessHandle process : all) {
            process.destroyForcibly();
        }
        for (ProcessHandle process : all) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** Pauses (SIGSTOP) or resumes (SIGCONT) the postmaster and its backends. */
    void pause(boolean stop) throws IOException, InterruptedException {
        for (ProcessHandle process : processes()) {
            Process kill = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            // A backend that has just exited is no longer there to signal.
            kill.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The postmaster and its backends; none when it is not running. */
    private List<ProcessHandle> processes() throws IOException {
        Path lock = dataDir.resolve("postmaster.pid");
        if (!Files.exists(lock)) {
            return List.of();
        }
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElse(null);
        if (postmaster == null) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        return all;
    }

    @Override
    public void close() throws Exception {
        try {
            pause(false);
            exec(
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            dataDir.toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop"),
                    Duration.ofSeconds(60));
        } catch (RuntimeException | IOException e) {
            System.err.println("Could not stop the scratch PostgreSQL: " + e.getMessage());
        }
        if (!Boolean.getBoolean("plimsoll.resilience.keep")) {
            try (Stream<Path> files = Files.walk(dataDir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void exec(List<String> command, Duration timeout) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output);
        }
    }

    private static Path binaries() throws IOException {
        String configured = System.getenv("PLIMSOLL_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                return versions.filter(p -> Files.isExecutable(p.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingInt(
                                p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                        .map(p -> p.resolve("bin"))
                        .orElseThrow(() -> new IllegalStateException("No PostgreSQL under " + base));
            }
        }
        throw new IllegalStateException("No PostgreSQL binaries: set PLIMSOLL_PG_BIN to the directory of pg_ctl");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = socket.getLocalPort();
            if (port == 8080 || port == 8081 || port == 5432) {
                return freePort();
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
