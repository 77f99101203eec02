package dev.plimsoll.collector.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnixSocketHttpClientTest {

    private static HttpResponse read(String raw) throws IOException {
        return UnixSocketHttpClient.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void a_sized_body_is_read_to_its_length() throws IOException {
        HttpResponse response = read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.47\r\n\r\n{}trailing");
        assertEquals(200, response.status());
        assertEquals("{}", response.bodyText());
        assertEquals("1.47", response.headers().get("api-version"));
    }

    @Test
    void a_chunked_body_with_extensions_and_trailers_is_joined() throws IOException {
        HttpResponse response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=value\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: yes\r\n\r\n");
        assertEquals("{\"a\":1}", response.bodyText());
    }

    @Test
    void a_body_without_framing_runs_to_the_end_of_the_stream() throws IOException {
        assertEquals("[1,2]", read("HTTP/1.0 200 OK\r\n\r\n[1,2]").bodyText());
    }

    @Test
    void a_truncated_sized_body_is_an_error() {
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"));
    }

    @Test
    void a_truncated_chunk_is_an_error() {
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n{}"));
    }

    @Test
    void something_else_than_http_is_an_error() {
        assertThrows(IOException.class, () -> read("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
    }
}
