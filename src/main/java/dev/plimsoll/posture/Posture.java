package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The posture of a set of assets at one instant: the score with its counts, raw and with
 * exceptions, per CIS section, and the assets left out because they were stale.
 */
public record Posture(
        BigDecimal score,
        long passed,
        long failed,
        BigDecimal scoreWithExceptions,
        long excepted,
        long assets,
        long stale,
        Instant asOf,
        String team,
        List<Section> sections,
        List<StaleAsset> staleAssets) {

    /** The stale hosts: the collectors that stopped reporting (their containers and images are stale with them). */
    public List<StaleAsset> staleHosts() {
        return staleAssets.stream().filter(a -> "host".equals(a.kind())).toList();
    }

    /** One CIS section's score. */
    public record Section(String section, String title, BigDecimal score, long passed, long failed) {}

    /** An asset whose host has not reported within the staleness window before {@code asOf}. */
    public record StaleAsset(UUID id, String kind, String name, Instant lastScan) {}
}
