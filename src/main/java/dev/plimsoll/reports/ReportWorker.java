package dev.plimsoll.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Generates queued reports on a small pool of threads, outside the request: the rows are streamed
 * from the database into a temporary file (hashing as they go), the hash is signed with the
 * tenant's key, and the file is stored in 1 MiB chunks. Memory stays flat whatever the fleet's
 * size (except the PDF, whose layout is built in memory from per-host and per-control lines).
 */
@ApplicationScoped
public class ReportWorker {

    private static final Logger LOG = Logger.getLogger(ReportWorker.class);
    private static final int CHUNK = 1 << 20;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    ReportWriters writers;

    @Inject
    SigningKeys keys;

    @Inject
    ReportsConfig config;

    @Inject
    ObjectMapper json;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), runnable -> {
            Thread thread = new Thread(runnable, "plimsoll-report");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Queues the generation of a report that the request's transaction has committed. */
    public void submit(UUID tenant, UUID report) {
        pool.submit(() -> {
            try {
                tenants.runAs(tenant, () -> generate(tenant, report));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Report %s failed", report);
                tenants.runAs(tenant, () -> fail(report, e));
            }
        });
    }

    /** Removes the reports past their tenant's retention (the chunks follow by cascade). */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int removed = pruneExpired();
        if (removed > 0) {
            LOG.infof("Removed %d reports past their retention", removed);
        }
    }

    int pruneExpired() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection db = dataSource.getConnection();
                    PreparedStatement mark =
                            db.prepareStatement("select set_config('plimsoll.prune', 'reports', true)");
                    PreparedStatement delete = db.prepareStatement("delete from report where expires_at < now()")) {
                mark.execute();
                return delete.executeUpdate();
            }
        });
    }

    void generate(UUID tenant, UUID report) {
        Job job = QuarkusTransaction.requiringNew().call(() -> start(report));
        if (job == null) {
            return;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile("plimsoll-report-", "." + job.format().extension());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path file = temp;
            QuarkusTransaction.requiringNew().timeout(config.timeoutSeconds()).call(() -> {
                try (Connection db = dataSource.getConnection();
                        OutputStream out = new DigestOutputStream(
                                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), sha)) {
                    // A report reads the whole scope in a few long statements: bounded by the report's own
                    // timeout, not by the interactive statement and socket timeouts (restored before the
                    // connection goes back to the pool).
                    int socketTimeout = db.getNetworkTimeout();
                    db.setNetworkTimeout(Runnable::run, (int) TimeUnit.SECONDS.toMillis(config.timeoutSeconds()));
                    try {
                        try (java.sql.PreparedStatement limit =
                                db.prepareStatement("select set_config('statement_timeout', ?, true),"
                                        + " set_config('work_mem', ?, true)")) {
                            limit.setString(1, config.timeoutSeconds() + "s");
                            limit.setString(2, config.workMem());
                            limit.execute();
                        }
                        ReportRows rows = new ReportRows(db, job.file().scope(), config.fetchSize());
                        ReportSummary summary = job.summary() != null ? job.summary() : rowSummary(rows);
                        IntConsumer progress = new Progress(tenant, report);
                        switch (job.format()) {
                            case CSV -> writers.csv(rows, out, progress);
                            case JSON -> writers.json(job.file(), summary, rows, out, progress);
                            case OSCAL -> writers.oscal(job.file(), summary, rows, out, progress);
                            case PDF -> writers.pdf(job.file(), summary, rows, out, progress);
                        }
                    } finally {
                        db.setNetworkTimeout(Runnable::run, socketTimeout);
                    }
                }
                return null;
            });
            String hex = HexFormat.of().formatHex(sha.digest());
            long size = Files.size(temp);
            QuarkusTransaction.requiringNew()
                    .timeout(config.timeoutSeconds())
                    .run(() ->
                            store(tenant, report, file, hex, size, job.format().mediaType()));
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warnf("Cannot remove %s", temp);
                }
            }
        }
    }

    private record Job(ReportFormat format, ReportFile file, ReportSummary summary) {}

    private Job start(UUID report) throws SQLException, IOException {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        update report r set state = 'running', progress = 1
                          from tenant t
                         where r.id = ? and r.state = 'queued' and t.id = r.tenant_id
                        returning r.format, r.scope, r.summary, r.requested_by, t.slug, t.name
                        """)) {
            query.setObject(1, report);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                ReportScope scope = json.readValue(row.getString(2), ReportScope.class);
                String summary = row.getString(3);
                return new Job(
                        ReportFormat.parse(row.getString(1)).orElseThrow(),
                        new ReportFile(
                                report, row.getString(5), row.getString(6), row.getString(4), Instant.now(), scope),
                        summary == null ? null : json.readValue(summary, ReportSummary.class));
            }
        }
    }

    /** The summary of a scope the dashboards do not have, counted by the same rules from the rows. */
    private static ReportSummary rowSummary(ReportRows rows) throws SQLException {
        List<ReportRows.Section> sections = rows.sections();
        long passed = sections.stream().mapToLong(ReportRows.Section::passed).sum();
        long failed = sections.stream().mapToLong(ReportRows.Section::failed).sum();
        long[] assets = rows.assetCounts();
        var score = ReportSummary.percent(passed, failed);
        long excepted = rows.excepted();
        return new ReportSummary(
                "rows",
                score,
                passed,
                failed,
                ReportSummary.percent(passed, failed - excepted),
                excepted,
                assets[0],
                assets[1],
                sections.stream()
                        .map(s -> new ReportSummary.Section(
                                s.section(),
                                s.title(),
                                ReportSummary.percent(s.passed(), s.failed()),
                                s.passed(),
                                s.failed()))
                        .toList(),
                List.of(),
                List.of(),
                List.of());
    }

    private void store(UUID tenant, UUID report, Path file, String sha256, long size, String mediaType) {
        try (Connection db = dataSource.getConnection()) {
            SigningKeys.PublicSigningKey key = keys.ensure(tenant);
            byte[] signature = keys.sign(tenant, ReportService.signedMessage(report, sha256));
            try (PreparedStatement insert = db.prepareStatement(
                            "insert into report_chunk (tenant_id, report_id, seq, data) values (?, ?, ?, ?)");
                    InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[CHUNK];
                int seq = 0;
                while (true) {
                    int n = in.readNBytes(buffer, 0, CHUNK);
                    if (n == 0) {
                        break;
                    }
                    insert.setObject(1, tenant);
                    insert.setObject(2, report);
                    insert.setInt(3, seq++);
                    insert.setBytes(4, n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement done = db.prepareStatement("""
                    update report set state = 'done', progress = 100, finished_at = now(), media_type = ?, size_bytes = ?,
                           sha256 = ?, signature = ?, key_id = ?
                     where id = ?
                    """)) {
                done.setString(1, mediaType);
                done.setLong(2, size);
                done.setBytes(3, HexFormat.of().parseHex(sha256));
                done.setBytes(4, signature);
                done.setString(5, key.keyId());
                done.setObject(6, report);
                done.executeUpdate();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot store the report", e);
        }
    }

    private void fail(UUID report, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection db = dataSource.getConnection();
                    PreparedStatement update = db.prepareStatement(
                            "update report set state = 'failed', finished_at = now(), failure = ? where id = ?")) {
                update.setString(1, reason.length() > 500 ? reason.substring(0, 500) : reason);
                update.setObject(2, report);
                update.executeUpdate();
            } catch (SQLException e) {
                LOG.errorf(e, "Cannot mark report %s failed", report);
            }
        });
    }

    /** Writes the progress in its own short transaction (at most once a second). */
    private final class Progress implements IntConsumer {
        private final UUID tenant;
        private final UUID report;
        private long last;

        Progress(UUID tenant, UUID report) {
            this.tenant = tenant;
            this.report = report;
        }

        @Override
        public void accept(int percent) {
            long now = System.currentTimeMillis();
            if (now - last < 1000) {
                return;
            }
            last = now;
            tenants.runAs(
                    tenant,
                    () -> QuarkusTransaction.requiringNew().run(() -> {
                        try (Connection db = dataSource.getConnection();
                                PreparedStatement update = db.prepareStatement(
                                        "update report set progress = ? where id = ? and state = 'running'")) {
                            update.setInt(1, Math.max(1, Math.min(99, percent)));
                            update.setObject(2, report);
                            update.executeUpdate();
                        } catch (SQLException e) {
                            LOG.warnf("Cannot record the progress of report %s", report);
                        }
                    }));
        }
    }
}
