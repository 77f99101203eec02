package dev.plimsoll.wire;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.WriterConfig;
import dev.plimsoll.wire.json.JsonShapeException;
import dev.plimsoll.wire.json.Node;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes and reads the native scan document without a binding framework (the collector's side;
 * the backend binds the same records with its own JSON library). Absent optional fields are left
 * out rather than written as {@code null}.
 */
public final class ScanJson {

    private ScanJson() {}

    /**
     * The document as compact JSON: members in a fixed order, absent optional fields left out, so
     * equal documents are written to equal text (ingestion hashes it). Written directly rather
     * than through the tree {@link #writePretty} builds; the text is the same.
     */
    public static String write(ScanDocument document) {
        StringBuilder out = new StringBuilder(256 + document.results().size() * 200);
        ScanHost host = document.host();
        out.append("{\"scanId\":");
        string(out, document.scanId());
        out.append(",\"benchmark\":{\"id\":");
        string(out, document.benchmark().id());
        out.append(",\"version\":");
        string(out, document.benchmark().version());
        out.append("},\"host\":{\"id\":");
        string(out, host.id());
        optional(out, "hostname", host.hostname());
        optional(out, "os", host.os());
        optional(out, "dockerVersion", host.dockerVersion());
        out.append(",\"labels\":{");
        boolean first = true;
        for (Map.Entry<String, String> label : host.labels().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, label.getKey());
            out.append(':');
            string(out, label.getValue());
        }
        out.append("}},\"collector\":{\"name\":");
        string(out, document.collector().name());
        optional(out, "version", document.collector().version());
        out.append("},\"startedAt\":");
        string(out, document.startedAt().toString());
        out.append(",\"finishedAt\":");
        string(out, document.finishedAt().toString());
        out.append(",\"results\":[");
        first = true;
        for (ScanResult result : document.results()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            ScanTarget target = result.target();
            out.append("{\"control\":");
            string(out, result.control());
            out.append(",\"status\":");
            string(out, result.status().name());
            out.append(",\"target\":{\"kind\":");
            string(out, target.kind().name());
            optional(out, "id", target.id());
            optional(out, "name", target.name());
            optional(out, "image", target.image());
            optional(out, "imageId", target.imageId());
            out.append('}');
            optional(out, "evidence", result.evidence());
            optional(out, "remediation", result.remediation());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    /** The document as indented JSON, for people. */
    public static String writePretty(ScanDocument document) {
        return toJson(document).toString(WriterConfig.PRETTY_PRINT);
    }

    /**
     * Reads a native scan document.
     *
     * @throws JsonShapeException when the text is not JSON or not a scan document, naming where
     */
    public static ScanDocument read(String json) {
        Node root = Node.parse(json).object();
        Node benchmark = root.required("benchmark");
        Node host = root.required("host");
        Node collector = root.required("collector");
        List<ScanResult> results = new ArrayList<>();
        for (Node result : root.required("results").array()) {
            results.add(readResult(result));
        }
        return new ScanDocument(
                root.required("scanId").text(),
                new ScanBenchmark(
                        benchmark.required("id").text(),
                        benchmark.required("version").text()),
                new ScanHost(
                        host.required("id").text(),
                        host.get("hostname").optionalText(null),
                        host.get("os").optionalText(null),
                        host.get("dockerVersion").optionalText(null),
                        readLabels(host.get("labels"))),
                new ScanCollector(
                        collector.required("name").text(),
                        collector.get("version").optionalText(null)),
                instant(root.required("startedAt")),
                instant(root.required("finishedAt")),
                results);
    }

    private static ScanResult readResult(Node result) {
        Node target = result.get("target");
        ScanTarget scanTarget = target.isMissing()
                ? ScanTarget.host()
                : new ScanTarget(
                        enumValue(TargetKind.class, target.required("kind")),
                        target.get("id").optionalText(null),
                        target.get("name").optionalText(null),
                        target.get("image").optionalText(null),
                        target.get("imageId").optionalText(null));
        return new ScanResult(
                result.required("control").text(),
                enumValue(ResultStatus.class, result.required("status")),
                scanTarget,
                result.get("evidence").optionalText(null),
                result.get("remediation").optionalText(null));
    }

    private static Map<String, String> readLabels(Node labels) {
        Map<String, String> map = new LinkedHashMap<>();
        if (labels.isPresent()) {
            labels.object();
            for (String name : labels.names()) {
                map.put(name, labels.get(name).text());
            }
        }
        return map;
    }

    private static Instant instant(Node node) {
        try {
            return Instant.parse(node.text());
        } catch (DateTimeParseException e) {
            throw node.invalid("expected an ISO-8601 instant such as 2026-11-28T10:00:00Z");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Node node) {
        String text = node.text();
        try {
            return Enum.valueOf(type, text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name());
            }
            throw node.invalid("\"" + text + "\" is not one of " + String.join(", ", allowed));
        }
    }

    private static JsonObject toJson(ScanDocument document) {
        ScanHost scanHost = document.host();
        JsonObject host = Json.object().add("id", scanHost.id());
        optional(host, "hostname", scanHost.hostname());
        optional(host, "os", scanHost.os());
        optional(host, "dockerVersion", scanHost.dockerVersion());
        JsonObject labels = Json.object();
        scanHost.labels().forEach(labels::add);
        host.add("labels", labels);

        JsonObject collector = Json.object().add("name", document.collector().name());
        optional(collector, "version", document.collector().version());

        JsonArray results = Json.array();
        for (ScanResult result : document.results()) {
            results.add(toJson(result));
        }
        return Json.object()
                .add("scanId", document.scanId())
                .add(
                        "benchmark",
                        Json.object()
                                .add("id", document.benchmark().id())
                                .add("version", document.benchmark().version()))
                .add("host", host)
                .add("collector", collector)
                .add("startedAt", document.startedAt().toString())
                .add("finishedAt", document.finishedAt().toString())
                .add("results", results);
    }

    private static JsonObject toJson(ScanResult result) {
        ScanTarget target = result.target();
        JsonObject json = Json.object().add("kind", target.kind().name());
        optional(json, "id", target.id());
        optional(json, "name", target.name());
        optional(json, "image", target.image());
        optional(json, "imageId", target.imageId());
        JsonObject object = Json.object()
                .add("control", result.control())
                .add("status", result.status().name())
                .add("target", json);
        optional(object, "evidence", result.evidence());
        return optional(object, "remediation", result.remediation());
    }

    private static void optional(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(",\"").append(name).append("\":");
            string(out, value);
        }
    }

    /** A JSON string, escaped as the tree writer escapes it (U+2028 and U+2029 too, for JavaScript). */
    private static void string(StringBuilder out, String value) {
        out.append('"');
        int plain = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            out.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(value, plain, value.length()).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static JsonObject optional(JsonObject object, String name, String value) {
        return value == null ? object : object.add(name, value);
    }
}
