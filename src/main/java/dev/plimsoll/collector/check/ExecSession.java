package dev.plimsoll.collector.check;

/** A {@code docker exec} session the daemon still knows ({@code GET /exec/{id}/json}). */
public record ExecSession(String id, boolean privileged, String user) {}
