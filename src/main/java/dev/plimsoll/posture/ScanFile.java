package dev.plimsoll.posture;

import java.time.Instant;
import java.util.UUID;

/** One scan of a host as listed on the asset page, and whether its raw document is kept. */
public record ScanFile(
        UUID id,
        String source,
        String benchmark,
        Instant finishedAt,
        int results,
        int passed,
        int failed,
        String mediaType,
        Integer rawSize) {

    public boolean hasRaw() {
        return mediaType != null;
    }

    /** The raw document as received: gzip-compressed bytes, its media type and SHA-256 (hex). */
    public record Raw(UUID scanId, String mediaType, byte[] gzip, String sha256) {

        /** The download's file name: {@code scan-<id>.json.gz} (or .xml.gz, .txt.gz by media type). */
        public String fileName() {
            String ext = mediaType.contains("json") ? "json" : mediaType.contains("xml") ? "xml" : "txt";
            return "scan-" + scanId + "." + ext + ".gz";
        }
    }
}
