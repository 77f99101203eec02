package dev.plimsoll.wire.imports;

import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.json.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-bench-security's {@code log.json}: {@code tests[].results[]} with {@code id}, {@code result}
 * ({@code PASS}, {@code WARN}, {@code INFO}, {@code NOTE}), {@code details}, {@code items} and (with
 * {@code -p}) {@code remediation}. Its WARN is its failing verdict and becomes {@code fail}; NOTE
 * marks checks it leaves to a person and becomes {@code manual}. Results are about the host as a
 * whole: docker-bench names containers only in its free-text details.
 */
final class DockerBenchImporter implements Importer {

    static final String TOOL = "docker-bench-security";

    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    @Override
    public ScanDocument convert(Node root, ImportContext context, String scanId) {
        root.object();
        Node versionNode = root.required("dockerbenchsecurity");
        String toolVersion = versionNode.text();
        ScanBenchmark benchmark = new ScanBenchmark("cis-docker", cisVersion(versionNode, toolVersion));

        List<ScanResult> results = new ArrayList<>();
        for (Node test : root.required("tests").array()) {
            for (Node result : test.required("results").array()) {
                results.add(result(result));
            }
        }
        Instant start = epoch(root.get("start")).orElse(null);
        Instant end = epoch(root.get("end")).orElse(start);
        if (start == null) {
            start = Imports.scannedAt(context, TOOL);
            end = start;
        }
        return new ScanDocument(
                scanId,
                benchmark,
                Imports.host(context, TOOL),
                new ScanCollector(TOOL, toolVersion),
                start,
                end,
                results);
    }

    private static ScanResult result(Node result) {
        String control = result.required("id").text();
        Node verdict = result.required("result");
        ResultStatus status = switch (verdict.text()) {
            case "PASS" -> ResultStatus.pass;
            case "WARN" -> ResultStatus.fail;
            case "INFO" -> ResultStatus.info;
            case "NOTE" -> ResultStatus.manual;
            default ->
                throw verdict.invalid(
                        "\"" + verdict.text() + "\" is not a docker-bench-security result (PASS, WARN, INFO, NOTE)");
        };
        String details = result.get("details").optionalText(null);
        List<String> items = new ArrayList<>();
        for (Node item : result.get("items").optionalArray()) {
            items.add(item.text());
        }
        String evidence = details != null ? details : result.get("desc").optionalText(verdict.text());
        if (details == null && !items.isEmpty()) {
            evidence = evidence + ": " + String.join(", ", items);
        }
        String remediation = status.countsAsFailed() ? result.get("remediation").optionalText(null) : null;
        return new ScanResult(control, status, ScanTarget.host(), evidence, remediation);
    }

    /**
     * The CIS Docker Benchmark each docker-bench-security release implements (from its release
     * notes): 1.3.3 and 1.3.4 the CE benchmark 1.1.0, 1.3.5 benchmark 1.2.0, 1.3.6 benchmark 1.3.1,
     * 1.5.x benchmark 1.5.0, 1.6.x and later benchmark 1.6.0.
     */
    private static String cisVersion(Node node, String toolVersion) {
        Matcher matcher = VERSION.matcher(toolVersion.strip());
        if (!matcher.find()) {
            throw node.invalid("\"" + toolVersion + "\" is not a docker-bench-security version");
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        int version = major * 10_000 + minor * 100 + patch;
        if (version >= 1_06_00) {
            return "1.6.0";
        }
        if (version >= 1_05_00) {
            return "1.5.0";
        }
        if (version >= 1_03_06) {
            return "1.3.1";
        }
        if (version == 1_03_05) {
            return "1.2.0";
        }
        if (version >= 1_03_03) {
            return "1.1.0";
        }
        throw node.invalid(
                "docker-bench-security " + toolVersion + " predates its JSON log format; use 1.3.3 or later");
    }

    private static Optional<Instant> epoch(Node node) {
        if (node.isMissing()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond((long) node.number()));
    }
}
