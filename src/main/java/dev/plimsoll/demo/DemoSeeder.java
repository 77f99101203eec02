package dev.plimsoll.demo;

import dev.plimsoll.platform.db.TenantContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fills an empty installation with demo data when {@code plimsoll.demo.seed=true} (the demo
 * profile): two tenants, their teams, hosts and containers, 90 days of posture history and
 * invitations for the demo users. Does nothing when the demo tenants exist already.
 */
@ApplicationScoped
public class DemoSeeder {

    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    @ConfigProperty(name = "plimsoll.demo.seed", defaultValue = "false")
    boolean seed;

    @Inject
    DemoWriter writer;

    @Inject
    dev.plimsoll.remediation.RemediationSync remediation;

    @Inject
    TenantContext tenants;

    void onStart(@Observes StartupEvent event) {
        if (seed) {
            seedAll();
        }
    }

    /** Writes the demo tenants that are not there yet; answers how many intervals were written. */
    int seedAll() {
        long started = System.nanoTime();
        int written = 0;
        for (DemoFleet.TenantPlan plan : DemoFleet.plans()) {
            int intervals = tenants.callAs(plan.id(), () -> writer.writeIfAbsent(plan));
            if (intervals > 0) {
                // The demo's history is written without scans: open the items of its current failures.
                tenants.callAs(plan.id(), () -> remediation.syncCurrentFailures(plan.id()));
            }
            written += intervals;
        }
        if (written > 0) {
            LOG.infof("Demo data written: %d intervals in %d ms", written, (System.nanoTime() - started) / 1_000_000);
        }
        return written;
    }
}
