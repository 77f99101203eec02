package dev.plimsoll.wire;

import java.util.Objects;

/**
 * One verdict: a control, checked on one target. {@code evidence} says what was seen (never a
 * secret value); {@code remediation} says what to do and is given for failing results.
 */
public record ScanResult(String control, ResultStatus status, ScanTarget target, String evidence, String remediation) {

    public ScanResult {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(status, "status");
        target = target == null ? ScanTarget.host() : target;
    }
}
