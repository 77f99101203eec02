package dev.plimsoll.resilience;

import dev.plimsoll.collector.push.BackendClient;
import dev.plimsoll.collector.push.Pusher;
import dev.plimsoll.collector.push.Spool;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * One collector as deployed: every scan goes to its spool first, then the spool is drained with
 * the collector's own {@link Pusher} and {@link BackendClient} (retrying on no answer, 429 and 5xx).
 * What the backend acknowledged is read from the pusher's log, with the time it was logged.
 */
final class SpoolingCollector implements Runnable {

    private static final Pattern DELIVERED = Pattern.compile("^scan (\\S+): (stored|already stored) \\((\\d+)\\)$");
    private static final String[] HOST_CONTROLS = {"2.1", "2.2", "2.3", "2.4", "2.5"};
    private static final String[] CONTAINER_CONTROLS = {"5.1", "5.4"};
    private static final String[] CONTAINERS = {"web", "db", "cache"};

    /** One acknowledgement: the scan, 201 or 200, and when. */
    record Ack(String scanId, int status, long nanos) {}

    private final String name;
    private final Spool spool;
    private final Pusher pusher;
    private final int quota;
    private final Random random;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Instant>> timesOfHost = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile Throwable failure;

    SpoolingCollector(String name, Path spoolDir, URI backend, String token, int quota, long seed) {
        this.name = name;
        this.quota = quota;
        this.random = new Random(seed);
        PrintStream log = new PrintStream(new LineSink(this::logged), true, StandardCharsets.UTF_8);
        this.spool = new Spool(spoolDir, 512L * 1024 * 1024, Clock.systemUTC(), log);
        // Retry-After is honoured up to one second so that the suite stays short.
        this.pusher = new Pusher(
                spool,
                new BackendClient(backend, token, Clock.systemUTC()),
                wait -> Thread.sleep(Math.min(1000, wait.toMillis())),
                3,
                log);
    }

    @Override
    public void run() {
        try {
            while (!stopped && sent.size() < quota) {
                ScanDocument document = next();
                spool.store(document.scanId(), gzip(ScanJson.write(document).getBytes(StandardCharsets.UTF_8)));
                sent.add(document.scanId());
                pusher.drain();
                Thread.sleep(random.nextInt(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
        }
    }

    void stop() {
        stopped = true;
    }

    /** Drains what is left until the spool is empty or the time is up; answers whether it is empty. */
    boolean drain(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!spool.pending().isEmpty() && System.nanoTime() < deadline) {
            pusher.drain();
        }
        return spool.pending().isEmpty();
    }

    int pending() throws IOException {
        return spool.pending().size();
    }

    long rejected() throws IOException {
        Path rejected = spool.dir().resolve("rejected");
        if (!Files.isDirectory(rejected)) {
            return 0;
        }
        try (var files = Files.list(rejected)) {
            return files.count();
        }
    }

    Set<String> sent() {
        return sent;
    }

    List<Ack> acks() {
        return acks;
    }

    Throwable failure() {
        return failure;
    }

    String name() {
        return name;
    }

    /**
     * A scan of one of this collector's three hosts: host controls and one to three containers, each
     * with a verdict that changes now and then. Most scans are recent; one in ten is from up to
     * three days ago (a spool emptied late), so that late scans and past days' rollups are exercised.
     */
    private ScanDocument next() {
        String host = name + "-host-" + random.nextInt(3);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant at;
        Set<Instant> times = timesOfHost.computeIfAbsent(host, h -> new HashSet<>());
        do {
            at = random.nextInt(10) == 0
                    ? now.minusMillis(
                            (long) (random.nextDouble() * Duration.ofDays(3).toMillis()))
                    : now.minusMillis(random.nextInt(120_000));
        } while (!times.add(at));
        List<ScanResult> results = new ArrayList<>();
        for (String control : HOST_CONTROLS) {
            results.add(new ScanResult(control, verdict(), ScanTarget.host(), "host " + control, null));
        }
        for (String container : CONTAINERS) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            for (String control : CONTAINER_CONTROLS) {
                results.add(new ScanResult(
                        control,
                        verdict(),
                        ScanTarget.container("id-" + container, container, "nginx:1.27", "sha256:" + "cd".repeat(32)),
                        container + " " + control,
                        null));
            }
        }
        return new ScanDocument(
                java.util.UUID.randomUUID().toString(),
                ScanBenchmark.CIS_DOCKER_1_6_0,
                new ScanHost(host, host, "Debian 12", "27.3.1", Map.of()),
                new ScanCollector("plimsoll-collector", "resilience"),
                at.minusSeconds(3),
                at,
                results);
    }

    private ResultStatus verdict() {
        return random.nextInt(5) == 0 ? ResultStatus.fail : ResultStatus.pass;
    }

    private void logged(String line) {
        Matcher matcher = DELIVERED.matcher(line);
        if (matcher.matches()) {
            acks.add(new Ack(matcher.group(1), Integer.parseInt(matcher.group(3)), System.nanoTime()));
        }
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Splits what is printed into lines. */
    private static final class LineSink extends OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
