package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * One control, checked on one kind of subject (the host's facts, an image, a container).
 *
 * @param control the control id in the catalogue (CIS Docker 1.6.0 ids, or {@code PL-n})
 * @param title what the control asks, in a few words
 * @param remediation what to do when the check fails; attached to failing results only
 * @param rule the check itself: never throws on odd input, says {@code manual} when it cannot tell
 */
public record Check<S>(String control, String title, String remediation, Function<S, Verdict> rule) {

    public Check {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(rule, "rule");
    }

    /** Runs the rule; a rule that breaks anyway yields an {@code error} result rather than no result. */
    public ScanResult run(S subject, ScanTarget target) {
        Verdict verdict;
        try {
            verdict = rule.apply(subject);
        } catch (UncheckedIOException unreadable) {
            verdict = Verdict.error("cannot read: " + unreadable.getCause().getMessage());
        } catch (RuntimeException broken) {
            verdict = Verdict.error("the check could not run: " + broken);
        }
        String advice = verdict.status().countsAsFailed() ? remediation : null;
        return new ScanResult(control, verdict.status(), target, verdict.evidence(), advice);
    }
}
