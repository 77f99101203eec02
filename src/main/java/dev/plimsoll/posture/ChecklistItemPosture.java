package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.util.List;

/** One item of the container-security checklist with its score across the fleet (from its primary and related controls). */
public record ChecklistItemPosture(
        int position,
        String id,
        String title,
        String description,
        BigDecimal score,
        long passed,
        long failed,
        List<String> controls) {

    /** Passing, failing or not measured (no automated result maps to it). */
    public String state() {
        if (score == null) {
            return "not measured";
        }
        return failed == 0 ? "passing" : "failing";
    }
}
