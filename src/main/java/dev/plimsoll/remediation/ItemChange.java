package dev.plimsoll.remediation;

/**
 * A change people make to an item: {@code state} acknowledged or in_progress (resolved and
 * regressed come only from scans), {@code assignee} (empty to unassign), a {@code comment}.
 */
public record ItemChange(String state, String assignee, String comment) {}
