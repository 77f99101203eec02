package dev.plimsoll.ingest;

import dev.plimsoll.platform.db.TenantChanges;
import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Carries each team's daily rollups forward over days without scans (a quiet weekend still has a
 * point a day in the trend): the days after a team's last rollup day, up to today, are computed
 * from the intervals. Scans keep the days they touch up to date themselves.
 */
@ApplicationScoped
public class RollupJob {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    RetentionJob retention;

    @Inject
    RollupJob self;

    @Inject
    TenantChanges changes;

    @Scheduled(
            every = "{plimsoll.rollups.every:1h}",
            delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void carryForward() {
        for (UUID tenant : retention.tenantIds()) {
            tenants.runAs(tenant, self::carryForwardCurrentTenant);
        }
    }

    @Transactional
    void carryForwardCurrentTenant() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        UUID tenant = tenants.current().orElseThrow();
        try (Connection db = dataSource.getConnection()) {
            boolean carried = false;
            Map<UUID, LocalDate> last = new LinkedHashMap<>();
            try (PreparedStatement sql = db.prepareStatement(
                            "select team_id, max(day) from posture_rollup_daily group by team_id order by team_id");
                    ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    last.put(rows.getObject(1, UUID.class), rows.getDate(2).toLocalDate());
                }
            }
            for (Map.Entry<UUID, LocalDate> team : last.entrySet()) {
                if (!team.getValue().isBefore(today)) {
                    continue;
                }
                for (LocalDate day = team.getValue().plusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
                    // The same lock the scans take before computing a day whole.
                    try (PreparedStatement lock =
                            db.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                        lock.setString(1, RollupWriter.lockKey(tenant, team.getKey()));
                        lock.execute();
                    }
                    try (PreparedStatement exists = db.prepareStatement(
                            "select 1 from posture_rollup_daily where team_id = ? and day = ? limit 1")) {
                        exists.setObject(1, team.getKey());
                        exists.setDate(2, Date.valueOf(day));
                        try (ResultSet row = exists.executeQuery()) {
                            if (row.next()) {
                                continue;
                            }
                        }
                    }
                    try (PreparedStatement refresh = db.prepareStatement("select plimsoll_refresh_rollups(?, ?, ?)")) {
                        refresh.setObject(1, team.getKey());
                        refresh.setDate(2, Date.valueOf(day));
                        refresh.setDate(3, Date.valueOf(day));
                        refresh.execute();
                    }
                    carried = true;
                }
            }
            if (carried) {
                // The trends of this tenant's dashboards have a new point.
                changes.changed();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot carry rollups forward", e);
        }
    }
}
