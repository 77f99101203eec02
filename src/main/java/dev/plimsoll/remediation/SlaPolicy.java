package dev.plimsoll.remediation;

/** Days to fix a failing control, by severity (info is given the low days). */
public record SlaPolicy(Integer critical, Integer high, Integer medium, Integer low) {

    public static final SlaPolicy DEFAULTS = new SlaPolicy(7, 30, 90, 180);
}
