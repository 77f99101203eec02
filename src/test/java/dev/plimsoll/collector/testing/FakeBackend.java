package dev.plimsoll.collector.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The backend's {@code POST /api/v1/scans} on 127.0.0.1, idempotent by scan id like the real one
 * (201 new, 200 already stored, 409 same id with other content), with scripted answers in front.
 */
public final class FakeBackend implements AutoCloseable {

    /** A scripted answer: a status and headers, used once, before the normal behaviour. */
    public record Scripted(int status, Map<String, String> headers) {}

    private final HttpServer server;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private volatile CountDownLatch stall;
    private final CountDownLatch firstRequest = new CountDownLatch(1);

    private FakeBackend(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1/scans", this::handle);
        server.start();
    }

    public static FakeBackend start() throws IOException {
        return new FakeBackend(0);
    }

    /** Starts on a given port, e.g. one a collector already tried while the backend was down. */
    public static FakeBackend startOn(int port) throws IOException {
        return new FakeBackend(port);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public synchronized FakeBackend answer(int status, Map<String, String> headers) {
        script.add(new Scripted(status, headers));
        return this;
    }

    /** Stores what it receives, then keeps the request hanging until {@link #release()}. */
    public FakeBackend stallAfterStoring() {
        stall = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch latch = stall;
        stall = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public boolean awaitFirstRequest(long seconds) throws InterruptedException {
        return firstRequest.await(seconds, TimeUnit.SECONDS);
    }

    /** Scan ids stored, each once. */
    public Map<String, String> stored() {
        return Map.copyOf(stored);
    }

    /** Scan ids of every POST, in order, repeats included. */
    public List<String> received() {
        return List.copyOf(received);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String json;
            try (InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody())
                    : exchange.getRequestBody()) {
                json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            ScanDocument document = ScanJson.read(json);
            received.add(document.scanId());
            firstRequest.countDown();
            Scripted scripted;
            synchronized (this) {
                scripted = script.poll();
            }
            if (scripted != null) {
                scripted.headers()
                        .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                exchange.sendResponseHeaders(scripted.status(), -1);
                return;
            }
            String previous = stored.putIfAbsent(document.scanId(), json);
            CountDownLatch latch = stall;
            if (latch != null) {
                latch.await();
                return;
            }
            int status = previous == null ? 201 : previous.equals(json) ? 200 : 409;
            byte[] answer = ("{\"id\":\"" + document.scanId() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
