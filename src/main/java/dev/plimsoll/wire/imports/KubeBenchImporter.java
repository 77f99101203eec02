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

/**
 * kube-bench {@code --json}: {@code {"Controls": [...], "Totals": {...}}}, or a bare array of
 * controls in older releases; each control's {@code tests[].results[]} carry {@code test_number} and
 * {@code status}. A WARN on a test kube-bench marks manual becomes {@code manual}. kube-bench names
 * neither the node nor the time: the caller gives both.
 */
final class KubeBenchImporter implements Importer {

    static final String TOOL = "kube-bench";

    @Override
    public ScanDocument convert(Node root, ImportContext context, String scanId) {
        List<Node> controls = root.isArray()
                ? root.array()
                : root.object().required("Controls").array();
        String version = null;
        List<ScanResult> results = new ArrayList<>();
        for (Node control : controls) {
            control.object();
            if (version == null) {
                version = control.get("version").optionalText(null);
            }
            for (Node test : control.required("tests").array()) {
                for (Node result : test.required("results").array()) {
                    results.add(result(result));
                }
            }
        }
        String benchmarkVersion = version == null ? "unspecified" : version.replaceFirst("^cis-", "");
        Instant scannedAt = Imports.scannedAt(context, TOOL);
        return new ScanDocument(
                scanId,
                new ScanBenchmark("cis-kubernetes", benchmarkVersion),
                Imports.host(context, TOOL),
                new ScanCollector(TOOL, null),
                scannedAt,
                scannedAt,
                results);
    }

    private static ScanResult result(Node result) {
        String control = result.required("test_number").text();
        Node statusNode = result.required("status");
        boolean manualTest = result.get("type").optionalText("").equals("manual");
        ResultStatus status = switch (statusNode.text()) {
            case "PASS" -> ResultStatus.pass;
            case "FAIL" -> ResultStatus.fail;
            case "WARN" -> manualTest ? ResultStatus.manual : ResultStatus.warn;
            case "INFO" -> ResultStatus.info;
            default ->
                throw statusNode.invalid(
                        "\"" + statusNode.text() + "\" is not a kube-bench status (PASS, FAIL, WARN, INFO)");
        };
        String actual = result.get("actual_value").optionalText("").strip();
        String expected = result.get("expected_result").optionalText("").strip();
        String evidence = Imports.join(
                result.get("test_desc").optionalText(null),
                expected.isEmpty() ? null : "expected " + expected,
                actual.isEmpty() ? null : "found " + actual,
                result.get("reason").optionalText(null));
        String remediation = status.countsAsFailed() ? result.get("remediation").optionalText(null) : null;
        return new ScanResult(control, status, ScanTarget.host(), evidence, remediation);
    }
}
