package dev.plimsoll.reports;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;

/** Writes a report in each format from the report's rows and its summary. */
@ApplicationScoped
public class ReportWriters {

    /** The columns of the CSV, in order. */
    static final List<String> CSV_COLUMNS = List.of(
            "team",
            "host",
            "asset_kind",
            "asset",
            "image",
            "benchmark",
            "benchmark_version",
            "control",
            "title",
            "severity",
            "status",
            "since",
            "evidence",
            "exception");

    static final String OSCAL_VERSION = "1.1.2";

    /** The PDF lists at most this many overdue remediation items (and says how many more). */
    static final int OVERDUE_LIMIT = 200;

    @Inject
    ObjectMapper json;

    @Inject
    ReportsConfig config;

    @Location("reports/report.html")
    Template pdfTemplate;

    void csv(ReportRows rows, OutputStream out, IntConsumer progress) throws IOException, SQLException {
        long total = Math.max(1, rows.countResults());
        long[] written = {0};
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writer.write(String.join(",", CSV_COLUMNS));
        writer.write("\r\n");
        rows.results(false, 0, r -> {
            String[] cells = {
                r.team(),
                r.host(),
                r.kind(),
                r.asset(),
                r.image(),
                r.benchmark(),
                r.benchmarkVersion(),
                r.control(),
                r.title(),
                r.severity(),
                r.status(),
                r.since() == null ? "" : r.since().toString(),
                r.evidence(),
                r.exception() == null ? "" : r.exception()
            };
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    writer.write(',');
                }
                writer.write(CsvCells.cell(cells[i]));
            }
            writer.write("\r\n");
            tick(++written[0], total, progress);
        });
        writer.flush();
    }

    void json(ReportFile file, ReportSummary summary, ReportRows rows, OutputStream out, IntConsumer progress)
            throws IOException, SQLException {
        long total = Math.max(1, rows.countResults());
        long[] written = {0};
        try (JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("$schema", "https://plimsoll.dev/schemas/report-1.json");
            g.writeStringField("reportId", file.id().toString());
            g.writeObjectFieldStart("tenant");
            g.writeStringField("slug", file.tenantSlug());
            g.writeStringField("name", file.tenantName());
            g.writeEndObject();
            g.writeStringField("generatedAt", file.generatedAt().toString());
            g.writeStringField("generatedBy", file.requestedBy());
            g.writeFieldName("scope");
            writeScope(g, file.scope());
            g.writeFieldName("summary");
            json.writeValue(g, summaryForJson(summary));
            g.writeArrayFieldStart("exceptions");
            for (ReportRows.ExceptionLine e : rows.exceptions()) {
                g.writeStartObject();
                g.writeStringField("team", e.team());
                g.writeStringField("control", e.control());
                g.writeStringField("scope", e.scope());
                g.writeStringField("justification", e.justification());
                g.writeStringField("requestedBy", e.requestedBy());
                g.writeStringField("approvedBy", e.decidedBy());
                g.writeStringField(
                        "decidedAt",
                        e.decidedAt() == null ? null : e.decidedAt().toString());
                g.writeStringField("expiresAt", e.expiresAt().toString());
                g.writeStringField("state", e.state());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("results");
            rows.results(false, 0, r -> {
                g.writeStartObject();
                g.writeStringField("team", r.team());
                g.writeStringField("host", r.host());
                g.writeStringField("assetKind", r.kind());
                g.writeStringField("asset", r.asset());
                g.writeStringField("assetId", r.assetId().toString());
                g.writeStringField("image", r.image());
                g.writeStringField("benchmark", r.benchmark());
                g.writeStringField("benchmarkVersion", r.benchmarkVersion());
                g.writeStringField("control", r.control());
                g.writeStringField("title", r.title());
                g.writeStringField("severity", r.severity());
                g.writeStringField("status", r.status());
                g.writeStringField("since", r.since() == null ? null : r.since().toString());
                g.writeStringField("evidence", r.evidence());
                g.writeStringField("exception", r.exception());
                g.writeEndObject();
                tick(++written[0], total, progress);
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static Map<String, Object> summaryForJson(ReportSummary s) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("source", s.source());
        m.put("score", s.score());
        m.put("passed", s.passed());
        m.put("failed", s.failed());
        m.put("scoreWithExceptions", s.scoreWithExceptions());
        m.put("excepted", s.excepted());
        m.put("assets", s.assets());
        m.put("stale", s.stale());
        m.put("sections", s.sections());
        m.put("teams", s.teams());
        m.put("trend", s.trend());
        return m;
    }

    private static void writeScope(JsonGenerator g, ReportScope scope) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("wholeTenant", scope.wholeTenant());
        g.writeArrayFieldStart("teams");
        for (ReportScope.Team t : scope.teams()) {
            g.writeString(t.slug());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("hosts");
        for (ReportScope.Host h : scope.hosts()) {
            g.writeString(h.name());
        }
        g.writeEndArray();
        g.writeStringField("from", scope.from().toString());
        g.writeStringField("to", scope.to().toString());
        g.writeStringField("asOf", scope.asOf().toString());
        g.writeStringField(
                "benchmark", scope.benchmarkId() == null ? null : scope.benchmarkId() + ":" + scope.benchmarkVersion());
        g.writeBooleanField("evidence", scope.evidence());
        g.writeEndObject();
    }

    /**
     * OSCAL Assessment Results: one result for the scope at the as-of instant; one observation per
     * (asset, control) with its status and evidence, and one finding per control that is not
     * satisfied somewhere, pointing at its failing observations.
     */
    void oscal(ReportFile file, ReportSummary summary, ReportRows rows, OutputStream out, IntConsumer progress)
            throws IOException, SQLException {
        long total = Math.max(1, rows.countResults());
        long[] written = {0};
        // Per control: the failing observations (uuid), for the findings written after the observations.
        Map<String, List<UUID>> failing = new java.util.TreeMap<>();
        Map<String, String> titles = new java.util.HashMap<>();
        String at = oscalTime(file.scope().asOf());
        try (JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("assessment-results");
            g.writeStringField("uuid", file.id().toString());
            g.writeObjectFieldStart("metadata");
            g.writeStringField("title", "Plimsoll container-security assessment of " + file.tenantName());
            g.writeStringField("last-modified", oscalTime(file.generatedAt()));
            g.writeStringField("version", file.id().toString());
            g.writeStringField("oscal-version", OSCAL_VERSION);
            g.writeEndObject();
            g.writeObjectFieldStart("import-ap");
            g.writeStringField(
                    "href", "#" + nameUuid("assessment-plan", file.id().toString()));
            g.writeStringField(
                    "remarks",
                    "Continuous assessment by Plimsoll collectors against "
                            + file.scope().benchmarkLabel() + ".");
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            g.writeStartObject();
            g.writeStringField("uuid", nameUuid("result", file.id().toString()).toString());
            g.writeStringField("title", "Posture as of " + at);
            g.writeStringField(
                    "description",
                    "Status of every automated control on every asset in scope ("
                            + file.scope().describe()
                            + ") as of " + at + ". Score " + summary.scoreText() + " (" + summary.passed()
                            + " passed, " + summary.failed() + " failed).");
            g.writeStringField("start", at);
            g.writeStringField("end", at);
            g.writeObjectFieldStart("reviewed-controls");
            g.writeArrayFieldStart("control-selections");
            g.writeStartObject();
            g.writeObjectFieldStart("include-all");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("observations");
            rows.results(false, 0, r -> {
                UUID observation = UUID.randomUUID();
                g.writeStartObject();
                g.writeStringField("uuid", observation.toString());
                g.writeStringField("title", r.benchmark() + " " + r.control() + " on " + r.asset());
                g.writeStringField(
                        "description",
                        r.title() + ": " + r.status() + (r.since() == null ? "" : " since " + r.since()));
                g.writeArrayFieldStart("props");
                prop(g, "status", r.status());
                prop(g, "control-id", r.control());
                prop(g, "asset-kind", r.kind());
                prop(g, "exception", r.exception());
                g.writeEndArray();
                g.writeArrayFieldStart("methods");
                g.writeString("TEST");
                g.writeEndArray();
                g.writeArrayFieldStart("subjects");
                g.writeStartObject();
                g.writeStringField("subject-uuid", r.assetId().toString());
                g.writeStringField("type", "inventory-item");
                g.writeStringField("title", r.asset());
                g.writeEndObject();
                g.writeEndArray();
                if (r.evidence() != null && !r.evidence().isEmpty()) {
                    g.writeArrayFieldStart("relevant-evidence");
                    g.writeStartObject();
                    g.writeStringField("description", r.evidence());
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeStringField(
                        "collected", oscalTime(r.since() == null ? file.scope().asOf() : r.since()));
                g.writeEndObject();
                if (r.failing()) {
                    String key = r.benchmark() + " " + r.control();
                    failing.computeIfAbsent(key, k -> new ArrayList<>()).add(observation);
                    titles.putIfAbsent(key, r.title());
                }
                tick(++written[0], total, progress);
            });
            g.writeEndArray();
            if (!failing.isEmpty()) {
                g.writeArrayFieldStart("findings");
                for (Map.Entry<String, List<UUID>> e : failing.entrySet()) {
                    g.writeStartObject();
                    g.writeStringField(
                            "uuid", nameUuid("finding", file.id() + e.getKey()).toString());
                    g.writeStringField("title", e.getKey() + " " + titles.get(e.getKey()));
                    g.writeStringField(
                            "description", "Not satisfied on " + e.getValue().size() + " assets as of " + at + ".");
                    g.writeObjectFieldStart("target");
                    g.writeStringField("type", "objective-id");
                    g.writeStringField("target-id", e.getKey().replace(' ', '_'));
                    g.writeObjectFieldStart("status");
                    g.writeStringField("state", "not-satisfied");
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeArrayFieldStart("related-observations");
                    for (UUID o : e.getValue()) {
                        g.writeStartObject();
                        g.writeStringField("observation-uuid", o.toString());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void prop(JsonGenerator g, String name, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ns", "https://plimsoll.dev/ns/oscal");
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static String oscalTime(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    /** A name-based UUID of version 5 (SHA-1), as OSCAL accepts only versions 4 and 5. */
    static UUID nameUuid(String kind, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update("plimsoll-oscal:".getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha1.digest((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PDF's content, everything it shows beside the summary. */
    record PdfModel(
            ReportFile file,
            ReportSummary summary,
            List<ReportRows.HostLine> hosts,
            List<ReportRows.FailingControl> failing,
            List<ReportRows.Result> appendix,
            boolean appendixCut,
            List<ReportRows.ExceptionLine> exceptions,
            List<ReportRows.StateCount> remediationStates,
            List<ReportRows.OverdueItem> overdue,
            long overdueMore,
            String contentSha256) {

        public String generatedAt() {
            return file.generatedAt().toString();
        }
    }

    void pdf(ReportFile file, ReportSummary summary, ReportRows rows, OutputStream out, IntConsumer progress)
            throws IOException, SQLException {
        progress.accept(10);
        List<ReportRows.HostLine> hosts = rows.hosts().stream()
                .map(h -> new ReportRows.HostLine(
                        Xml.clean(h.team()),
                        Xml.clean(h.host()),
                        h.containers(),
                        h.passed(),
                        h.failed(),
                        h.score(),
                        h.lastScan()))
                .toList();
        progress.accept(35);
        List<ReportRows.FailingControl> failing = rows.failingControls().stream()
                .map(f -> new ReportRows.FailingControl(
                        f.benchmark(),
                        Xml.clean(f.control()),
                        Xml.clean(f.title()),
                        f.severity(),
                        Xml.clean(f.remediation()),
                        f.assets(),
                        f.examples().stream().map(Xml::clean).toList()))
                .toList();
        progress.accept(50);
        List<ReportRows.Result> appendix = new ArrayList<>();
        int limit = config.evidenceAppendixLimit();
        if (file.scope().evidence()) {
            rows.results(
                    true,
                    limit + 1,
                    r -> appendix.add(new ReportRows.Result(
                            Xml.clean(r.team()),
                            Xml.clean(r.host()),
                            r.kind(),
                            Xml.clean(r.asset()),
                            r.assetId(),
                            Xml.clean(r.image()),
                            r.benchmark(),
                            r.benchmarkVersion(),
                            Xml.clean(r.control()),
                            Xml.clean(r.title()),
                            r.severity(),
                            r.status(),
                            r.since(),
                            Xml.clean(r.evidence()),
                            "",
                            r.exception())));
        }
        boolean cut = appendix.size() > limit;
        List<ReportRows.Result> shown = cut ? appendix.subList(0, limit) : appendix;
        progress.accept(60);
        List<ReportRows.ExceptionLine> exceptions = rows.exceptions().stream()
                .map(e -> new ReportRows.ExceptionLine(
                        Xml.clean(e.team()),
                        Xml.clean(e.control()),
                        Xml.clean(e.scope()),
                        Xml.clean(e.justification()),
                        Xml.clean(e.requestedBy()),
                        Xml.clean(e.decidedBy()),
                        e.decidedAt(),
                        e.expiresAt(),
                        e.state()))
                .toList();
        List<ReportRows.StateCount> states = rows.remediationStates();
        long[] overdueTotal = {0};
        List<ReportRows.OverdueItem> overdue = rows.overdue(OVERDUE_LIMIT, overdueTotal).stream()
                .map(i -> new ReportRows.OverdueItem(
                        Xml.clean(i.team()),
                        Xml.clean(i.control()),
                        Xml.clean(i.asset()),
                        i.due(),
                        Xml.clean(i.assignee())))
                .toList();
        String digest = contentDigest(summary, hosts, failing, shown, List.of(exceptions, states, overdue));
        String xhtml = pdfTemplate
                .data(
                        "r",
                        new PdfModel(
                                file,
                                summary,
                                hosts,
                                failing,
                                shown,
                                cut,
                                exceptions,
                                states,
                                overdue,
                                Math.max(0, overdueTotal[0] - overdue.size()),
                                digest))
                .render();
        progress.accept(70);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.withHtmlContent(xhtml, "about:plimsoll-report");
        builder.useFont(() -> ReportWriters.class.getResourceAsStream("/reports/fonts/DejaVuSans.ttf"), "DejaVu Sans");
        builder.useFont(
                () -> ReportWriters.class.getResourceAsStream("/reports/fonts/DejaVuSans-Bold.ttf"),
                "DejaVu Sans",
                700,
                com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle.NORMAL,
                true);
        // Nothing outside the document is ever loaded: no URL, no local file named in the data.
        builder.useUriResolver((base, uri) -> null);
        builder.useExternalResourceAccessControl(
                (uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        builder.useExternalResourceAccessControl(
                (uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        builder.useSVGDrawer(
                new BatikSVGDrawer(BatikSVGDrawer.SvgScriptMode.SECURE, BatikSVGDrawer.SvgExternalResourceMode.SECURE));
        builder.toStream(out);
        builder.run();
        progress.accept(95);
    }

    private String contentDigest(
            ReportSummary summary,
            List<ReportRows.HostLine> hosts,
            List<ReportRows.FailingControl> failing,
            List<ReportRows.Result> appendix,
            List<?> remediation)
            throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(json.writeValueAsBytes(summaryForJson(summary)));
            sha.update(json.writeValueAsBytes(hosts));
            sha.update(json.writeValueAsBytes(failing));
            sha.update(json.writeValueAsBytes(appendix));
            sha.update(json.writeValueAsBytes(remediation));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void tick(long written, long total, IntConsumer progress) {
        if (written % 5000 == 0) {
            progress.accept((int) Math.min(95, 5 + written * 90 / total));
        }
    }
}
