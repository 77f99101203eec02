package dev.plimsoll.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code ?asOf=} of every page: a date meaning the end of that UTC day. Absent, unparsable or
 * future dates mean now (the page says when it could not read the date).
 */
public record AsOf(Instant instant, String date, String error) {

    public static AsOf parse(String value) {
        if (value == null || value.isBlank()) {
            return new AsOf(Instant.now(), null, null);
        }
        try {
            Instant end = LocalDate.parse(value)
                    .plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC)
                    .minusMillis(1);
            return end.isAfter(Instant.now()) ? new AsOf(Instant.now(), null, null) : new AsOf(end, value, null);
        } catch (DateTimeParseException e) {
            return new AsOf(Instant.now(), null, "The date must look like 2026-11-28; showing now.");
        }
    }

    /** The instant asked for, or null for now (services read the present from the running tally). */
    public Instant pastInstant() {
        return past() ? instant : null;
    }

    /** Whether the page shows the past. */
    public boolean past() {
        return date != null;
    }

    /** The query string that keeps the as-of date on links ("" when showing now). */
    public String query() {
        return date == null ? "" : "?asOf=" + date;
    }

    /** The query-string start that keeps the as-of date on pager links ("" when showing now). */
    public String pagerBase() {
        return date == null ? "" : "asOf=" + date + "&";
    }
}
