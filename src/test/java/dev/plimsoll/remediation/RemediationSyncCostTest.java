package dev.plimsoll.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.platform.db.TenantContext;
import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** What afterScan costs for a scan of the usual size (about 1,600 results), measured and bounded loosely. */
@QuarkusTest
class RemediationSyncCostTest {

    private static final Logger LOG = Logger.getLogger(RemediationSyncCostTest.class);

    @Inject
    RemediationSync sync;

    @Inject
    TenantContext tenants;

    @Test
    void bringing_items_up_to_date_after_a_scan_of_1600_results_takes_a_few_statements_not_one_per_result() {
        Fleet fleet = new Fleet();
        Instant t0 = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID host = fleet.host("big-01", t0);
        UUID first = fleet.scan(host, t0);
        Fixtures.update(
                "insert into asset (tenant_id, id, team_id, kind, natural_key, host_id, name, image_ref, first_seen, last_seen)"
                        + " select ?, gen_random_uuid(), ?, 'container', 'c-' || g || '-' || ?, ?, 'c-' || g,"
                        + " 'registry.acme.test/app:' || (g % 5), ?, ? from generate_series(1, 52) g",
                fleet.tenant.id(), fleet.team, host.toString(), host, Timestamp.from(t0), Timestamp.from(t0));
        Fixtures.update(
                "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from,"
                        + " team_id, status, last_seen, opened_by_scan)"
                        + " select a.tenant_id, a.id, c.benchmark_id, c.benchmark_version, c.control_id, ?, a.team_id,"
                        + " case when abs(hashtext(a.name || c.control_id)) % 3 = 0 then 'fail' else 'pass' end, ?, ?"
                        + " from asset a cross join control c"
                        + " where a.tenant_id = ? and a.kind = 'container' and c.benchmark_id = 'cis-docker' and c.scope = 'container'",
                Timestamp.from(t0), Timestamp.from(t0), first, fleet.tenant.id());
        long results = Long.parseLong(Fleet.query(
                "select count(*) from control_state where tenant_id = ? and opened_by_scan = ?",
                fleet.tenant.id(),
                first));
        long failing = Long.parseLong(Fleet.query(
                "select count(*) from control_state where tenant_id = ? and status = 'fail'", fleet.tenant.id()));

        long opened = time(fleet, first);
        assertThat(Fleet.query("select count(*) from remediation_item where tenant_id = ?", fleet.tenant.id()))
                .isEqualTo(Long.toString(failing));

        // The next scan fixes half of the failures: close their intervals and open passing ones.
        Instant t1 = t0.plus(1, ChronoUnit.DAYS);
        UUID second = fleet.scan(host, t1);
        Fixtures.update(
                "update control_state set valid_to = ?, closed_by_scan = ?, close_reason = 'changed'"
                        + " where tenant_id = ? and status = 'fail' and valid_to is null and abs(hashtext(control_id || asset_id::text)) % 2 = 0",
                Timestamp.from(t1), second, fleet.tenant.id());
        Fixtures.update(
                "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from,"
                        + " team_id, status, last_seen, opened_by_scan)"
                        + " select tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_to, team_id, 'pass', valid_to, ?"
                        + " from control_state where tenant_id = ? and closed_by_scan = ?",
                second,
                fleet.tenant.id(),
                second);
        long fixed = Long.parseLong(Fleet.query(
                "select count(*) from control_state where tenant_id = ? and opened_by_scan = ?",
                fleet.tenant.id(),
                second));
        long resolved = time(fleet, second);
        assertThat(Fleet.query(
                        "select count(*) from remediation_item where tenant_id = ? and state = 'resolved' and resolved_by_scan = ?",
                        fleet.tenant.id(),
                        second))
                .isEqualTo(Long.toString(fixed));
        // At WARN so that the figures appear in the build output (the test console shows WARN and above).
        LOG.warnf(
                "afterScan: first scan %d results, %d items opened in %d ms; second scan %d fixes resolved in %d ms",
                results, failing, opened, fixed, resolved);
        assertThat(results).isGreaterThan(1500);
        assertThat(opened).as("ms for the first scan").isLessThan(5000);
        assertThat(resolved).as("ms for the second scan").isLessThan(5000);
    }

    private long time(Fleet fleet, UUID scan) {
        long start = System.nanoTime();
        tenants.runAs(fleet.tenant.id(), () -> sync.afterScan(fleet.tenant.id(), scan));
        return (System.nanoTime() - start) / 1_000_000;
    }
}
