package dev.plimsoll.wire;

/**
 * What a result is about. Spelled as on the wire (see {@link ResultStatus} for why).
 */
public enum TargetKind {
    host,
    container,
    image
}
