package dev.plimsoll.posture;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the dashboards' computed answers are kept (prefix {@code plimsoll.dashboards}); see docs/dashboards.md. */
@ConfigMapping(prefix = "plimsoll.dashboards")
public interface DashboardsConfig {

    /** The longest an answer is served after it was computed; {@code 0s} computes every request afresh. */
    @WithDefault("30s")
    Duration cacheMaxAge();

    /** The most answers kept at once, over all tenants; the oldest go first. */
    @WithDefault("2000")
    int cacheEntries();
}
