package dev.plimsoll.reports;

/**
 * CSV cells (RFC 4180) that a spreadsheet will not run: a cell beginning with {@code = + - @},
 * a tab or a carriage return is prefixed with an apostrophe, so that it is shown as text and
 * never evaluated as a formula (OWASP "CSV injection").
 */
final class CsvCells {

    private CsvCells() {}

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = neutralise(value);
        boolean quote = safe.indexOf(',') >= 0
                || safe.indexOf('"') >= 0
                || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0
                || safe.indexOf('\'') == 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    static String neutralise(String value) {
        char first = value.charAt(0);
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
