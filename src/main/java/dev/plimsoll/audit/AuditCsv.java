package dev.plimsoll.audit;

import java.util.List;

/**
 * Writes events as CSV (RFC 4180, every cell quoted). A cell that a spreadsheet would read as a
 * formula — one beginning with {@code = + - @}, a tab or a carriage return — gets a leading
 * apostrophe, so an actor, user agent or team name chosen by someone else cannot run as a formula
 * on the auditor's machine.
 */
public final class AuditCsv {

    static final List<String> HEADER = List.of(
            "seq",
            "id",
            "occurredAt",
            "actorKind",
            "actor",
            "actorLabel",
            "sourceIp",
            "userAgent",
            "action",
            "targetType",
            "targetId",
            "before",
            "after",
            "prevHash",
            "hash");

    private AuditCsv() {}

    public static String write(List<AuditEvent> events) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (AuditEvent e : events) {
            row(
                    csv,
                    java.util.Arrays.asList(
                            Long.toString(e.seq()),
                            e.id().toString(),
                            e.occurredAt().toString(),
                            e.actorKind(),
                            e.actor(),
                            e.actorLabel(),
                            e.sourceIp(),
                            e.userAgent(),
                            e.action(),
                            e.targetType(),
                            e.targetId(),
                            e.before() == null ? null : e.before().toString(),
                            e.after() == null ? null : e.after().toString(),
                            e.prevHash(),
                            e.hash()));
        }
        return csv.toString();
    }

    /** One cell: neutralised when a spreadsheet would take it for a formula, then quoted. */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }
}
