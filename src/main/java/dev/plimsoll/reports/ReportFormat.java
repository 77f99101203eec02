package dev.plimsoll.reports;

import java.util.Locale;
import java.util.Optional;

/** The formats a report can be written in. */
public enum ReportFormat {
    PDF("application/pdf", "pdf"),
    CSV("text/csv; charset=utf-8", "csv"),
    JSON("application/json", "json"),
    OSCAL("application/json", "oscal.json");

    private final String mediaType;
    private final String extension;

    ReportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (ReportFormat format : values()) {
            if (format.wire().equals(text)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
