package dev.plimsoll.collector.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker daemon stand-in: HTTP/1.1 on a real unix socket, answering GETs with fixed documents.
 * Paths are matched without the {@code /v1.xx} prefix and after percent-decoding; the versioned
 * paths actually asked for are recorded.
 */
public final class FakeDockerDaemon implements AutoCloseable {

    private record Answer(int status, String body) {}

    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-docker");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean chunked;

    private FakeDockerDaemon(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "fake-docker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FakeDockerDaemon start(Path socket) throws IOException {
        return new FakeDockerDaemon(socket);
    }

    public Path socket() {
        return socket;
    }

    /** Answers {@code GET path} (query included when given) with 200 and the body. */
    public FakeDockerDaemon serve(String path, String body) {
        return serve(path, 200, body);
    }

    public FakeDockerDaemon serve(String path, int status, String body) {
        answers.put(path, new Answer(status, body));
        return this;
    }

    /** Sends bodies with chunked transfer coding instead of Content-Length. */
    public FakeDockerDaemon chunked(boolean chunked) {
        this.chunked = chunked;
        return this;
    }

    /** The request targets received, as sent (with the API version prefix). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                connections.submit(() -> handle(channel));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(SocketChannel channel) {
        try (channel;
                InputStream in = Channels.newInputStream(channel);
                OutputStream out = Channels.newOutputStream(channel)) {
            String head = readHead(in);
            String target = head.split("\r\n", 2)[0].split(" ")[1];
            requests.add(target);
            String path = URLDecoder.decode(target.replaceFirst("^/v\\d+\\.\\d+", ""), StandardCharsets.UTF_8);
            Answer answer = answers.get(path);
            if (answer == null) {
                answer = answers.get(path.split("\\?", 2)[0]);
            }
            if (answer == null) {
                answer = new Answer(404, "{\"message\":\"page not found\"}");
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder response = new StringBuilder("HTTP/1.1 " + answer.status() + " X\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append("Api-Version: 1.47\r\n");
            if (chunked) {
                response.append("Transfer-Encoding: chunked\r\n\r\n");
                out.write(response.toString().getBytes(StandardCharsets.US_ASCII));
                int half = body.length / 2;
                writeChunk(out, body, 0, half);
                writeChunk(out, body, half, body.length - half);
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                response.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                out.write(response.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            }
            out.flush();
        } catch (IOException | RuntimeException broken) {
            // the client went away; nothing to answer
        }
    }

    private static void writeChunk(OutputStream out, byte[] body, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("closed");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
