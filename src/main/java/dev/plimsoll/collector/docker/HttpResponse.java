package dev.plimsoll.collector.docker;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response read from the daemon: status, headers (lower-cased names) and the whole body. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
