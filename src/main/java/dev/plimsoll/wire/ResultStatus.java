package dev.plimsoll.wire;

/**
 * The verdict of one check on one target.
 *
 * <p>The constants are spelled exactly as they appear on the wire, so that any JSON binder maps them
 * by name without annotations: the wire records carry no binding library of their own.
 */
public enum ResultStatus {
    /** The target meets the control. */
    pass,
    /** The target does not meet the control. */
    fail,
    /** The target probably does not meet the control; counted as failed. */
    warn,
    /** Facts worth seeing; not a verdict and not counted. */
    info,
    /** A person must judge; the evidence says what to look at. Not counted. */
    manual,
    /** The control does not apply to this target. Not counted. */
    skip,
    /** The check could not run; the evidence says why. Not counted. */
    error;

    /** Whether the posture score counts this status as failed. */
    public boolean countsAsFailed() {
        return this == fail || this == warn;
    }

    /** Whether the posture score counts this status at all. */
    public boolean isCounted() {
        return this == pass || countsAsFailed();
    }
}
