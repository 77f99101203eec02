package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ResultStatus;
import java.util.Objects;

/** What one check concluded about one subject, before it is tied to a target. */
public record Verdict(ResultStatus status, String evidence) {

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
    }

    public static Verdict pass(String evidence) {
        return new Verdict(ResultStatus.pass, evidence);
    }

    public static Verdict fail(String evidence) {
        return new Verdict(ResultStatus.fail, evidence);
    }

    public static Verdict warn(String evidence) {
        return new Verdict(ResultStatus.warn, evidence);
    }

    public static Verdict info(String evidence) {
        return new Verdict(ResultStatus.info, evidence);
    }

    /** A person must judge; {@code reason} says what to look at and why the collector cannot. */
    public static Verdict manual(String reason) {
        return new Verdict(ResultStatus.manual, reason);
    }

    /** The control does not apply here; {@code reason} says why. */
    public static Verdict skip(String reason) {
        return new Verdict(ResultStatus.skip, reason);
    }

    /** The check could not run; {@code reason} says why. */
    public static Verdict error(String reason) {
        return new Verdict(ResultStatus.error, reason);
    }

    /** Passes or fails on a condition, with evidence either way. */
    public static Verdict passIf(boolean condition, String evidence) {
        return condition ? pass(evidence) : fail(evidence);
    }
}
