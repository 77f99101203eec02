package dev.plimsoll.remediation;

import java.time.Instant;

/**
 * A request for an exception: the control (benchmark defaults to cis-docker), the team, and
 * optionally a narrower scope — {@code host} (host name), {@code image} (image reference) or
 * {@code container} (container name), each a pattern with {@code *} and {@code ?}.
 */
public record ExceptionRequest(
        String team,
        String benchmark,
        String control,
        String scope,
        String pattern,
        String justification,
        Instant expiresAt) {}
