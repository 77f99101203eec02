package dev.plimsoll.ingest;

import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Prunes raw scan documents older than their tenant's retention (tenant.retention_days, 400 by
 * default), tenant by tenant. The scan rows, intervals and rollups stay: posture history is kept.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    RetentionJob self;

    @Scheduled(
            cron = "{plimsoll.retention.cron:0 17 3 * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() {
        int pruned = pruneAll();
        LOG.infof("Retention: pruned %d raw scan documents past their tenant's retention.", pruned);
    }

    /** Prunes every tenant; answers how many documents were removed. */
    public int pruneAll() {
        int pruned = 0;
        for (UUID tenant : self.tenantIds()) {
            pruned += tenants.callAs(tenant, self::pruneCurrentTenant);
        }
        return pruned;
    }

    @Transactional
    List<UUID> tenantIds() {
        List<UUID> ids = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
                PreparedStatement sql = db.prepareStatement("select plimsoll_tenant_ids()");
                ResultSet rows = sql.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list tenants", e);
        }
        return ids;
    }

    @Transactional
    int pruneCurrentTenant() {
        try (Connection db = dataSource.getConnection();
                PreparedStatement sql = db.prepareStatement(
                        "delete from scan_document d using tenant t"
                                + " where t.id = d.tenant_id and d.received_at < now() - make_interval(days => t.retention_days)")) {
            return sql.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prune raw scan documents", e);
        }
    }
}
