package dev.plimsoll.remediation;

/** The optional note a security manager gives with an approval or a refusal. */
public record ExceptionDecision(String note) {}
