package dev.plimsoll.wire.imports;

import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.json.Node;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the importers share: the host and time the caller supplies, and lenient time parsing. */
final class Imports {

    private static final List<DateTimeFormatter> TIME_FORMATS = List.of(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX"));

    private Imports() {}

    /** The host from the context, or an error saying the tool's output does not name one. */
    static ScanHost host(ImportContext context, String tool) {
        return host(Optional.ofNullable(context.host()), tool);
    }

    static ScanHost host(Optional<String> host, String tool) {
        String name = host.filter(text -> !text.isBlank())
                .orElseThrow(() -> new ImportException(
                        tool + " output does not name the host it concerns: give it (--host NAME, ?host=NAME)", ""));
        return new ScanHost(name, name, null, null, Map.of());
    }

    /** The time from the context, or an error saying the tool's output does not record one. */
    static Instant scannedAt(ImportContext context, String tool) {
        if (context.scannedAt() == null) {
            throw new ImportException(
                    tool + " output does not record when it ran: give the time (--scanned-at ISO, ?scannedAt=ISO)", "");
        }
        return context.scannedAt();
    }

    /** An ISO-8601 (or InSpec-style {@code 2018-01-05 11:43:04 -0500}) time, if the text is one. */
    static Optional<Instant> parseTime(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notInstant) {
            for (DateTimeFormatter format : TIME_FORMATS) {
                try {
                    return Optional.of(OffsetDateTime.parse(text, format).toInstant());
                } catch (DateTimeParseException tryNext) {
                    // next format
                }
            }
            return Optional.empty();
        }
    }

    /** A time the input must hold in a readable form, when present. */
    static Optional<Instant> optionalTime(Node node) {
        if (node.isMissing()) {
            return Optional.empty();
        }
        String text = node.text();
        return Optional.of(parseTime(text).orElseThrow(() -> node.invalid("\"" + text + "\" is not a date and time")));
    }

    static String join(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(part.strip());
            }
        }
        return text.toString();
    }
}
