package dev.plimsoll.remediation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One item with its history (oldest first), the remediation text and every asset of its group. */
public record ItemDetail(ItemView item, String remediation, List<Event> history, List<ItemView> affectedAssets) {

    /** One step of an item's history. */
    public record Event(
            Instant at, String kind, String actor, String fromState, String toState, UUID scan, String text) {}
}
