package dev.plimsoll.audit;

/** Where a change came from: the client's address and user agent (both absent for jobs). */
public record AuditSource(String ip, String userAgent) {

    public static final AuditSource NONE = new AuditSource(null, null);

    /** Keeps stored values bounded: a user agent is the client's to choose. */
    static String bounded(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
