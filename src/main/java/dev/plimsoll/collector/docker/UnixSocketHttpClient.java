package dev.plimsoll.collector.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a unix domain socket: {@code GET} only, one connection per request
 * ({@code Connection: close}), bodies framed by {@code Content-Length}, {@code chunked} transfer
 * coding or the end of the stream. Enough for the Docker Engine API, and small enough to read.
 */
public final class UnixSocketHttpClient {

    /** A body larger than this is refused: no Engine API answer the collector asks for comes close. */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final Path socket;
    private final String userAgent;

    public UnixSocketHttpClient(Path socket, String userAgent) {
        this.socket = socket;
        this.userAgent = userAgent;
    }

    public Path socket() {
        return socket;
    }

    /** Sends {@code GET path} and reads the whole response. */
    public HttpResponse get(String path) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "User-Agent: " + userAgent + "\r\n"
                    + "Accept: application/json\r\n"
                    + "Connection: close\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return read(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024));
        }
    }

    static HttpResponse read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + abbreviate(statusLine));
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (transferEncoding.contains("chunked")) {
            body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
            body = readExactly(in, parseLength(headers.get("content-length")));
        } else {
            body = readToEnd(in);
        }
        return new HttpResponse(status, headers, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
                throw new IOException("response body too large");
            }
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                while (!readLine(in).isEmpty()) {
                    // skip
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            if (!readLine(in).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private static int parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0 || length > MAX_BODY_BYTES) {
                throw new IOException("unacceptable Content-Length " + value);
            }
            return (int) length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length " + abbreviate(value));
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("response body too large");
        }
        return bytes;
    }

    /** A CRLF- (or LF-) terminated line, without its terminator. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed in the middle of the response head");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_HEADER_LINE) {
                throw new IOException("response line too long");
            }
            line.write(b);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
