package dev.plimsoll.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.posture.DetailService;
import dev.plimsoll.posture.Posture;
import dev.plimsoll.posture.PostureService;
import dev.plimsoll.posture.Trend;
import dev.plimsoll.tenancy.MemberService;
import dev.plimsoll.tenancy.Team;
import dev.plimsoll.tenancy.TeamRepository;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests, lists and serves reports of the caller's tenant. Who may: auditors and security
 * managers for the whole tenant, org admins too (they already see every team), team members for
 * their own teams only (another team answers as if it did not exist). The numbers at the head of a
 * report are taken from the posture services at request time, with the caller's own view.
 */
@ApplicationScoped
public class ReportService {

    static final String SIGNED_PREFIX = "plimsoll-report-v1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Caller caller;

    @Inject
    TeamRepository teams;

    @Inject
    MemberService members;

    @Inject
    PostureService posture;

    @Inject
    DetailService details;

    @Inject
    SigningKeys keys;

    @Inject
    dev.plimsoll.audit.AuditLog audit;

    @Inject
    ObjectMapper json;

    /** A new report in state queued; its rows are written by {@link ReportWorker}. */
    @Transactional
    public ReportView request(ReportRequest request) {
        if (request == null) {
            throw ProblemException.invalidField("", "A body {\"format\": \"pdf|csv|json|oscal\"} is required.");
        }
        ReportFormat format = ReportFormat.parse(request.format())
                .orElseThrow(
                        () -> ProblemException.invalidField("/format", "format must be one of pdf, csv, json, oscal."));
        Membership membership = caller.requireMembership();
        ReportScope scope = scope(request, membership);
        // A report of the present reads the current posture (the running tally); one of a past instant
        // reads the intervals.
        boolean present = request.asOf() == null || request.asOf().isBlank();
        ReportSummary summary =
                scope.hosts().isEmpty() && scope.benchmarkId() == null ? postureSummary(scope, present) : null;
        UUID id = UUID.randomUUID();
        try (Connection db = dataSource.getConnection();
                PreparedStatement insert = db.prepareStatement("""
                        insert into report (tenant_id, id, format, scope, summary, state, progress, requested_by, expires_at)
                        select ?, ?, ?, ?::jsonb, ?::jsonb, 'queued', 0, ?, now() + make_interval(days => t.retention_days)
                          from tenant t where t.id = ?
                        """)) {
            insert.setObject(1, membership.tenantId());
            insert.setObject(2, id);
            insert.setString(3, format.wire());
            insert.setString(4, json.writeValueAsString(scope));
            insert.setString(5, summary == null ? null : json.writeValueAsString(summary));
            insert.setString(6, caller.email().orElse(caller.subject()));
            insert.setObject(7, membership.tenantId());
            insert.executeUpdate();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot store the report request", e);
        }
        Map<String, Object> requested = new java.util.LinkedHashMap<>();
        requested.put("format", format.wire());
        requested.put("scope", scope);
        audit.record("report.requested", "report", id.toString(), null, requested);
        return get(id.toString());
    }

    @Transactional
    public Map<String, Object> list(int page, int size) {
        int p = Math.max(0, page);
        int s = Math.min(Math.max(1, size), 200);
        List<ReportView> items = new ArrayList<>();
        long total;
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement count = db.prepareStatement("select count(*) from report where " + visible());
                    PreparedStatement query = db.prepareStatement(
                            SELECT + " where " + visible() + " order by requested_at desc, id limit ? offset ?")) {
                bindVisible(count, 1);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
                int next = bindVisible(query, 1);
                query.setInt(next, s);
                query.setInt(next + 1, p * s);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        items.add(view(rows));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list reports", e);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", items);
        answer.put("total", total);
        return answer;
    }

    @Transactional
    public ReportView get(String id) {
        UUID reportId = parseId(id);
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement(SELECT + " where id = ? and " + visible())) {
            query.setObject(1, reportId);
            bindVisible(query, 2);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw ProblemException.notFound("Report " + id);
                }
                return view(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the report", e);
        }
    }

    /** Streams a finished report's file, chunk by chunk. */
    @Transactional
    public void writeFile(String id, OutputStream out) throws IOException {
        ReportView report = requireDone(id);
        try (Connection db = dataSource.getConnection();
                PreparedStatement query =
                        db.prepareStatement("select data from report_chunk where report_id = ? order by seq")) {
            query.setFetchSize(1);
            query.setObject(1, UUID.fromString(report.id()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.write(rows.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the report file", e);
        }
    }

    /** A finished report, or a 404 (missing, not visible) or 409 (not finished). */
    @Transactional
    public ReportView requireDone(String id) {
        ReportView report = get(id);
        if (!report.done()) {
            throw ProblemException.conflict("Report " + id + " is " + report.state() + ", not done.");
        }
        return report;
    }

    /** The detached signature of a finished report, as a small text document (see docs/reports.md). */
    @Transactional
    public String signature(String id) {
        ReportView report = requireDone(id);
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("select signature from report where id = ?")) {
            query.setObject(1, UUID.fromString(report.id()));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return "Plimsoll-Report-Signature: v1\n"
                        + "Report-Id: " + report.id() + "\n"
                        + "SHA-256: " + report.sha256() + "\n"
                        + "Algorithm: Ed25519\n"
                        + "Key-Id: " + report.keyId() + "\n"
                        + "Signature: " + Base64.getEncoder().encodeToString(row.getBytes(1)) + "\n";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the signature", e);
        }
    }

    /** The tenant's public key (made now if the tenant has none yet). */
    @Transactional
    public Map<String, String> signingKey() {
        try {
            SigningKeys.PublicSigningKey key = keys.ensure(caller.tenantId());
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("keyId", key.keyId());
            answer.put("algorithm", SigningKeys.ALGORITHM);
            answer.put("publicKeyPem", key.pem());
            return answer;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the signing key", e);
        }
    }

    /** Is this file a report of the caller's tenant, unaltered? Only this tenant's reports are consulted. */
    @Transactional
    public Map<String, Object> verify(InputStream file) throws IOException {
        String sha256;
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream in = new DigestInputStream(file, digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sha256", sha256);
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement(
                        "select id, signature, key_id, requested_at from report where sha256 = ? and state = 'done'")) {
            query.setBytes(1, HexFormat.of().parseHex(sha256));
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    answer.put("valid", false);
                    answer.put(
                            "reason",
                            "No report of this tenant has this content: the file was altered, or it is not a report of this tenant.");
                    answer.put("reportId", null);
                    return answer;
                }
                UUID id = row.getObject(1, UUID.class);
                Optional<SigningKeys.PublicSigningKey> key = keys.publicKey();
                boolean valid = key.isPresent()
                        && key.get().keyId().equals(row.getString(3))
                        && SigningKeys.verify(key.get().key(), signedMessage(id, sha256), row.getBytes(2));
                answer.put("valid", valid);
                answer.put("reason", valid ? null : "The recorded signature does not verify with the tenant's key.");
                answer.put("reportId", id.toString());
                answer.put("keyId", row.getString(3));
                answer.put("generatedAt", row.getTimestamp(4).toInstant().toString());
                return answer;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot verify", e);
        }
    }

    /** What the signature covers: the report's id and the SHA-256 of its file, in one line each. */
    static byte[] signedMessage(UUID reportId, String sha256Hex) {
        return (SIGNED_PREFIX + "\nreport-id: " + reportId + "\nsha256: " + sha256Hex + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private ReportScope scope(ReportRequest request, Membership membership) {
        Instant now = Instant.now();
        Instant asOf = request.asOf() == null || request.asOf().isBlank() ? now : instant("/asOf", request.asOf());
        if (asOf.isAfter(now.plus(5, ChronoUnit.MINUTES))) {
            throw ProblemException.invalidField("/asOf", "asOf must not be in the future.");
        }
        LocalDate to = request.to() == null || request.to().isBlank()
                ? asOf.atZone(ZoneOffset.UTC).toLocalDate()
                : date("/to", request.to());
        LocalDate from =
                request.from() == null || request.from().isBlank() ? to.minusDays(90) : date("/from", request.from());
        if (from.isAfter(to)) {
            throw ProblemException.invalidField("/from", "from must not be after to.");
        }
        if (ChronoUnit.DAYS.between(from, to) > 731) {
            throw ProblemException.invalidField("/from", "The period covers at most 731 days.");
        }
        List<Team> visible = visibleTeams(membership);
        List<ReportScope.Team> chosen = new ArrayList<>();
        List<String> named = request.teams() == null ? List.of() : request.teams();
        for (int i = 0; i < named.size(); i++) {
            String reference = named.get(i);
            Team team = reference == null
                    ? null
                    : teams.findBySlugOrId(reference)
                            .filter(t -> visible.stream().anyMatch(v -> v.id.equals(t.id)))
                            .orElse(null);
            if (team == null) {
                throw ProblemException.notFound("Team " + reference);
            }
            if (chosen.stream().noneMatch(c -> c.id().equals(team.id))) {
                chosen.add(new ReportScope.Team(team.id, team.slug, team.name));
            }
        }
        boolean wholeTenant = chosen.isEmpty() && !Roles.TEAM_MEMBER.equals(membership.role());
        if (chosen.isEmpty()) {
            visible.forEach(t -> chosen.add(new ReportScope.Team(t.id, t.slug, t.name)));
        }
        List<ReportScope.Host> hosts = hosts(request.hosts(), chosen);
        String benchmarkId = null;
        String benchmarkVersion = null;
        if (request.benchmark() != null && !request.benchmark().isBlank()) {
            String[] parts = request.benchmark().split(":", 2);
            if (parts.length != 2 || !benchmarkExists(parts[0], parts[1])) {
                throw ProblemException.invalidField(
                        "/benchmark", "benchmark must name a known benchmark as id:version, e.g. cis-docker:1.6.0.");
            }
            benchmarkId = parts[0];
            benchmarkVersion = parts[1];
        }
        return new ReportScope(
                wholeTenant,
                List.copyOf(chosen),
                hosts,
                from,
                to,
                asOf,
                benchmarkId,
                benchmarkVersion,
                Boolean.TRUE.equals(request.evidence()));
    }

    private List<ReportScope.Host> hosts(List<String> named, List<ReportScope.Team> inScope) {
        if (named == null || named.isEmpty()) {
            return List.of();
        }
        List<ReportScope.Host> hosts = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement(
                        "select id, name from asset where kind = 'host' and team_id = any(?) and (id::text = ? or name = ?)"
                                + " order by last_seen desc limit 1")) {
            query.setArray(
                    1,
                    db.createArrayOf(
                            "uuid", inScope.stream().map(ReportScope.Team::id).toArray()));
            for (int i = 0; i < named.size(); i++) {
                String reference = named.get(i);
                if (reference == null || reference.isBlank()) {
                    throw ProblemException.invalidField("/hosts/" + i, "A host is named by its name or id.");
                }
                query.setString(2, reference);
                query.setString(3, reference);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw ProblemException.notFound("Host " + reference);
                    }
                    UUID id = row.getObject(1, UUID.class);
                    if (hosts.stream().noneMatch(h -> h.id().equals(id))) {
                        hosts.add(new ReportScope.Host(id, row.getString(2)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot find the hosts", e);
        }
        return List.copyOf(hosts);
    }

    private boolean benchmarkExists(String id, String version) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("select 1 from benchmark where id = ? and version = ?")) {
            query.setString(1, id);
            query.setString(2, version);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The summary from the posture services: what the dashboards show for the same teams and instant. */
    private ReportSummary postureSummary(ReportScope scope, boolean present) {
        List<ReportSummary.TeamLine> lines = new ArrayList<>();
        Map<String, long[]> sections = new java.util.TreeMap<>();
        Map<String, String> sectionTitles = new java.util.HashMap<>();
        Map<LocalDate, long[]> trend = new java.util.TreeMap<>();
        long passed = 0;
        long failed = 0;
        long assets = 0;
        long stale = 0;
        long excepted = 0;
        for (ReportScope.Team team : scope.teams()) {
            Posture p = posture.asOf(team.slug(), present ? null : scope.asOf());
            lines.add(new ReportSummary.TeamLine(
                    team.slug(), team.name(), p.score(), p.passed(), p.failed(), p.assets(), p.stale()));
            passed += p.passed();
            failed += p.failed();
            assets += p.assets();
            stale += p.stale();
            excepted += p.excepted();
            for (Posture.Section s : p.sections()) {
                long[] c = sections.computeIfAbsent(s.section(), k -> new long[2]);
                c[0] += s.passed();
                c[1] += s.failed();
                sectionTitles.putIfAbsent(s.section(), s.title());
            }
            Trend t = posture.trend(team.slug(), scope.from(), scope.to());
            for (Trend.Point point : t.points()) {
                long[] c = trend.computeIfAbsent(point.day(), k -> new long[2]);
                c[0] += point.passed();
                c[1] += point.failed();
            }
        }
        List<ReportSummary.Section> sectionList = new ArrayList<>();
        sections.forEach((k, c) -> sectionList.add(
                new ReportSummary.Section(k, sectionTitles.get(k), ReportSummary.percent(c[0], c[1]), c[0], c[1])));
        sectionList.sort(java.util.Comparator.comparing(s -> sectionOrder(s.section())));
        List<ReportSummary.TrendPoint> points = new ArrayList<>();
        trend.forEach((day, c) ->
                points.add(new ReportSummary.TrendPoint(day, ReportSummary.percent(c[0], c[1]), c[0], c[1])));
        var score = ReportSummary.percent(passed, failed);
        // As the posture service counts it: excepted failures leave the denominator.
        return new ReportSummary(
                "posture",
                score,
                passed,
                failed,
                ReportSummary.percent(passed, failed - excepted),
                excepted,
                assets,
                stale,
                sectionList,
                lines,
                points,
                scope.wholeTenant() ? details.checklist(scope.asOf()) : List.of());
    }

    static String sectionOrder(String section) {
        try {
            return String.format("%05d", Integer.parseInt(section));
        } catch (NumberFormatException e) {
            return "z" + section;
        }
    }

    private List<Team> visibleTeams(Membership membership) {
        List<Team> all = teams.listOrdered();
        if (!Roles.TEAM_MEMBER.equals(membership.role())) {
            return all;
        }
        List<UUID> own = members.teamsOf(membership.membershipId());
        return all.stream().filter(t -> own.contains(t.id)).toList();
    }

    /** Team members see the reports they requested themselves; the others every report of the tenant. */
    private String visible() {
        return "(?::text is null or requested_by = ?::text)";
    }

    private int bindVisible(PreparedStatement query, int first) throws SQLException {
        Membership membership = caller.requireMembership();
        String self =
                Roles.TEAM_MEMBER.equals(membership.role()) ? caller.email().orElse(caller.subject()) : null;
        query.setString(first, self);
        query.setString(first + 1, self);
        return first + 2;
    }

    private static final String SELECT = """
            select id, format, state, progress, failure, scope, requested_by, requested_at, finished_at, size_bytes,
                   sha256, key_id, expires_at from report""";

    private ReportView view(ResultSet rows) throws SQLException {
        String id = rows.getObject(1, UUID.class).toString();
        ReportScope scope;
        try {
            scope = json.readValue(rows.getString(6), ReportScope.class);
        } catch (IOException e) {
            throw new IllegalStateException("A stored report scope does not read", e);
        }
        Timestamp finished = rows.getTimestamp(9);
        long size = rows.getLong(10);
        boolean hasSize = !rows.wasNull();
        byte[] sha = rows.getBytes(11);
        boolean done = "done".equals(rows.getString(3));
        return new ReportView(
                id,
                rows.getString(2),
                rows.getString(3),
                rows.getInt(4),
                rows.getString(5),
                scope.describe() + "; " + scope.benchmarkLabel() + "; trend " + scope.from() + " to " + scope.to()
                        + (scope.evidence() ? "; with evidence appendix" : ""),
                scope.asOf().toString(),
                rows.getString(7),
                rows.getTimestamp(8).toInstant(),
                finished == null ? null : finished.toInstant(),
                hasSize ? size : null,
                sha == null ? null : HexFormat.of().formatHex(sha),
                rows.getString(12),
                rows.getTimestamp(13).toInstant(),
                done ? "/api/v1/reports/" + id + "/file" : null,
                done ? "/api/v1/reports/" + id + "/signature" : null);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Report " + id);
        }
    }

    private static Instant instant(String pointer, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value)
                            .plusDays(1)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC)
                            .minusMillis(1)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(
                    pointer, "asOf must be an ISO-8601 instant (2026-11-28T10:00:00Z) or a date (meaning its end).");
        }
    }

    private static LocalDate date(String pointer, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(pointer, pointer.substring(1) + " must be a date (2026-11-28).");
        }
    }
}
