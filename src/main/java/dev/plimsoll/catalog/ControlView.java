package dev.plimsoll.catalog;

import java.util.Comparator;
import java.util.List;

/** A control of the catalogue as the API shows it. */
public record ControlView(
        String benchmark,
        String version,
        String id,
        String section,
        String title,
        String description,
        int level,
        String assessment,
        boolean automatable,
        String scope,
        String severity,
        String remediation,
        String audit,
        String altId,
        List<String> checklist) {

    /** Benchmark, then version, then the control id compared numerically part by part (5.10 after 5.9). */
    static final Comparator<ControlView> ORDER = Comparator.comparing(ControlView::benchmark)
            .thenComparing(ControlView::version)
            .thenComparing(ControlView::id, ControlView::compareIds);

    static ControlView from(Control c, List<String> checklist) {
        return new ControlView(
                c.key.benchmarkId(),
                c.key.benchmarkVersion(),
                c.key.controlId(),
                c.section,
                c.title,
                c.description,
                c.level,
                c.assessment,
                c.automatable,
                c.scope,
                c.severity,
                c.remediation,
                c.audit,
                c.altId,
                checklist);
    }

    static int compareIds(String a, String b) {
        String[] left = a.split("[.-]");
        String[] right = b.split("[.-]");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = comparePart(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static int comparePart(String a, String b) {
        boolean numeric = !a.isEmpty()
                && !b.isEmpty()
                && a.chars().allMatch(Character::isDigit)
                && b.chars().allMatch(Character::isDigit);
        return numeric ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
    }
}
