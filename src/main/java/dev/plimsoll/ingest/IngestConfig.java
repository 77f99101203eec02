package dev.plimsoll.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The limits ingestion enforces (prefix {@code plimsoll.ingest}). */
@ConfigMapping(prefix = "plimsoll.ingest")
public interface IngestConfig {

    /** The largest document accepted, counted after decompression (default 16 MiB). */
    @WithDefault("16777216")
    int maxDocumentBytes();

    /** The most results one scan may carry. */
    @WithDefault("50000")
    int maxResults();

    /** The longest evidence or remediation text, in characters. */
    @WithDefault("8192")
    int maxTextLength();

    /** The longest name or identifier (control id, host id, container name, image), in characters. */
    @WithDefault("512")
    int maxNameLength();

    /** The deepest nesting of JSON arrays and objects accepted. */
    @WithDefault("32")
    int maxDepth();

    /** How far in the future a scan's time may be (clocks drift); later ones are refused. */
    @WithDefault("PT5M")
    Duration futureTolerance();

    RateLimit rateLimit();

    interface RateLimit {

        /** Requests one collector token may send in a burst. */
        @WithDefault("60")
        int burst();

        /** Requests per second a token regains, up to the burst. */
        @WithDefault("1")
        double perSecond();
    }
}
