package dev.plimsoll.remediation;

import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The clock of the workflow, for each tenant that has remediation data: exceptions expire (their
 * items open again), items that became overdue are announced, queued notifications are sent or
 * retried. Each tenant runs in its own transactions as that tenant.
 */
@ApplicationScoped
public class RemediationJobs {

    private static final Logger LOG = Logger.getLogger(RemediationJobs.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    ExceptionService exceptions;

    @Inject
    ItemService items;

    @Inject
    Deliveries deliveries;

    @Scheduled(
            identity = "remediation-clock",
            every = "${plimsoll.remediation.clock-every:60s}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        List<UUID> due;
        try (Connection db = dataSource.getConnection()) {
            due = Wakeups.all(db);
        } catch (SQLException e) {
            LOG.warnf("Remediation jobs skipped: %s", e.getMessage());
            return;
        }
        for (UUID tenant : due) {
            try {
                runFor(tenant);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Remediation jobs failed for tenant %s", tenant);
            }
        }
    }

    /** One round for one tenant (the scheduled job's body; tests call it to move the clock). */
    public void runFor(UUID tenant) {
        tenants.runAs(tenant, () -> {
            exceptions.expireDue();
            items.notifyOverdue();
        });
        deliveries.deliverDue(tenant);
    }
}
