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

/**
 * InSpec's JSON reporter output and the Heimdall Data Format (the same shape):
 * {@code profiles[].controls[]} with {@code id}, {@code impact} and {@code results[]} of
 * {@code passed}, {@code failed}, {@code skipped} or {@code error}. A control fails when any of its
 * tests failed; impact 0 marks it not applicable; a control without tests is left to a person.
 * The benchmark is the first profile.
 */
final class HdfImporter implements Importer {

    static final String TOOL = "hdf";

    private static final int LISTED_FAILURES = 3;

    @Override
    public ScanDocument convert(Node root, ImportContext context, String scanId) {
        root.object();
        List<Node> profiles = root.required("profiles").array();
        if (profiles.isEmpty()) {
            throw root.get("profiles").invalid("no profile: HDF output has at least one");
        }
        Node first = profiles.get(0).object();
        ScanBenchmark benchmark = new ScanBenchmark(
                first.required("name").text(), first.get("version").optionalText("unspecified"));

        List<ScanResult> results = new ArrayList<>();
        Instant earliest = null;
        for (Node profile : profiles) {
            for (Node control : profile.object().required("controls").array()) {
                results.add(result(control));
                for (Node test : control.get("results").optionalArray()) {
                    Optional<Instant> start =
                            Imports.parseTime(test.get("start_time").optionalText(null));
                    if (start.isPresent() && (earliest == null || start.get().isBefore(earliest))) {
                        earliest = start.get();
                    }
                }
            }
        }
        Instant scannedAt = earliest != null ? earliest : Imports.scannedAt(context, TOOL);
        Optional<String> target = Optional.ofNullable(context.host())
                .or(() -> Optional.ofNullable(root.path("platform", "target_id").optionalText(null)));
        String version = root.get("version")
                .optionalText(root.path("platform", "release").optionalText(null));
        return new ScanDocument(
                scanId,
                benchmark,
                Imports.host(target, TOOL),
                new ScanCollector(root.path("platform", "name").optionalText("inspec"), version),
                scannedAt,
                scannedAt,
                results);
    }

    private static ScanResult result(Node control) {
        control.object();
        String id = control.required("id").text();
        Node impact = control.get("impact");
        List<String> failed = new ArrayList<>();
        int passed = 0;
        int skipped = 0;
        int errors = 0;
        String errorMessage = null;
        List<Node> tests = control.get("results").optionalArray();
        for (Node test : tests) {
            Node status = test.required("status");
            String description = Imports.join(
                    test.get("code_desc").optionalText(null),
                    test.get("message").optionalText(null));
            switch (status.text()) {
                case "passed" -> passed++;
                case "failed" -> failed.add(description.isEmpty() ? "failed" : description);
                case "skipped" -> skipped++;
                case "error" -> {
                    errors++;
                    errorMessage = description;
                }
                default ->
                    throw status.invalid(
                            "\"" + status.text() + "\" is not an HDF result status (passed, failed, skipped, error)");
            }
        }
        String title = control.get("title").optionalText(null);
        if (impact.isPresent() && impact.number() == 0) {
            return new ScanResult(
                    id, ResultStatus.skip, ScanTarget.host(), Imports.join(title, "not applicable (impact 0)"), null);
        }
        if (!failed.isEmpty()) {
            List<String> listed = failed.subList(0, Math.min(LISTED_FAILURES, failed.size()));
            String evidence = failed.size() + " of " + tests.size() + " tests failed: " + String.join("; ", listed);
            return new ScanResult(id, ResultStatus.fail, ScanTarget.host(), evidence, fix(control));
        }
        if (errors > 0) {
            return new ScanResult(id, ResultStatus.error, ScanTarget.host(), Imports.join(title, errorMessage), null);
        }
        if (passed > 0) {
            return new ScanResult(
                    id, ResultStatus.pass, ScanTarget.host(), passed + " of " + tests.size() + " tests passed", null);
        }
        if (skipped > 0) {
            return new ScanResult(
                    id, ResultStatus.skip, ScanTarget.host(), Imports.join(title, "every test skipped"), null);
        }
        return new ScanResult(
                id,
                ResultStatus.manual,
                ScanTarget.host(),
                Imports.join(title, "no automated test: review by hand"),
                null);
    }

    /** The control's {@code fix} description, if it has one. */
    private static String fix(Node control) {
        for (Node description : control.get("descriptions").optionalArray()) {
            if (description.get("label").optionalText("").equals("fix")) {
                return description.get("data").optionalText(null);
            }
        }
        return null;
    }
}
