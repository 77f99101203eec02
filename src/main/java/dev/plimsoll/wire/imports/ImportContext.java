package dev.plimsoll.wire.imports;

import java.time.Instant;

/**
 * What the caller knows that another tool's output may not say.
 *
 * @param host the host the output concerns; required by formats that do not name it
 * @param scannedAt when the tool ran; used by formats that do not record it
 * @param scanId the scan id to give the document; when {@code null} one is derived from the input,
 *     so that importing the same output twice stores it once
 */
public record ImportContext(String host, Instant scannedAt, String scanId) {

    public static ImportContext of(String host, Instant scannedAt) {
        return new ImportContext(host, scannedAt, null);
    }

    public static ImportContext none() {
        return new ImportContext(null, null, null);
    }
}
