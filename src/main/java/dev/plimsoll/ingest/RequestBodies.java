package dev.plimsoll.ingest;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body, inflating a gzip one, never past the configured size: a compressed body
 * that would inflate beyond it (a gzip bomb) is refused as soon as the limit is crossed, without
 * inflating the rest.
 */
final class RequestBodies {

    /** The body as sent ({@code compressed} is null unless it came gzip-encoded) and as read. */
    record Body(byte[] raw, byte[] compressed) {}

    private RequestBodies() {}

    static Body read(InputStream in, String contentEncoding, int maxBytes) {
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        try {
            if (encoding.isEmpty() || encoding.equals("identity")) {
                return new Body(bounded(in, maxBytes, false), null);
            }
            if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
                byte[] compressed = bounded(in, maxBytes, false);
                byte[] raw = bounded(new GZIPInputStream(new ByteArrayInputStream(compressed), 8192), maxBytes, true);
                return new Body(raw, compressed);
            }
        } catch (ZipException e) {
            throw new ProblemException(
                    ProblemType.MALFORMED_BODY,
                    "The body is marked Content-Encoding: gzip but is not valid gzip (" + e.getMessage() + ").");
        } catch (IOException e) {
            throw new ProblemException(
                    ProblemType.MALFORMED_BODY, "The body could not be read completely: " + e.getMessage());
        }
        throw new ProblemException(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Encoding " + contentEncoding + " is not supported: send the body plain or gzip-compressed.");
    }

    private static byte[] bounded(InputStream in, int maxBytes, boolean inflated) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > maxBytes) {
                throw new ProblemException(
                        ProblemType.PAYLOAD_TOO_LARGE,
                        "The document is larger than " + maxBytes + " bytes"
                                + (inflated ? " once decompressed" : "")
                                + "; split the scan or ask the operator to raise plimsoll.ingest.max-document-bytes.");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
