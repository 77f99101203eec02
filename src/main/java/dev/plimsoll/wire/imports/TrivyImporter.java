package dev.plimsoll.wire.imports;

import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.TargetKind;
import dev.plimsoll.wire.json.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trivy's JSON, in its two shapes.
 *
 * <p>A scan report ({@code SchemaVersion} 2: image, filesystem or repository) becomes CIS Docker
 * 1.6.0 results about the scanned image, by the mapping Trivy's own {@code docker-cis} compliance
 * spec uses: vulnerabilities judge 4.4 (fail on any CRITICAL one), secrets judge 4.10, and the
 * Dockerfile checks DS002, DS005, DS017 and DS026 judge 4.1, 4.9, 4.7 and 4.6. Other findings
 * belong to no CIS control and are left out.
 *
 * <p>A compliance report ({@code --compliance ... --format json}: {@code ID} and per-control
 * {@code Results}) becomes one result per control of that spec.
 */
final class TrivyImporter implements Importer {

    static final String TOOL = "trivy";

    /** Dockerfile checks and the CIS Docker 1.6.0 control each one decides. */
    private static final Map<Integer, String> DOCKERFILE_CHECKS = Map.of(2, "4.1", 5, "4.9", 17, "4.7", 26, "4.6");

    private static final Pattern DOCKERFILE_CHECK_ID = Pattern.compile("DS-?0*(\\d+)$");

    private static final Pattern CIS_SPEC = Pattern.compile("^(.+)-cis-(\\d+(?:\\.\\d+)*)$");

    private static final int LISTED_VULNERABILITIES = 10;

    @Override
    public ScanDocument convert(Node root, ImportContext context, String scanId) {
        root.object();
        if (root.get("SchemaVersion").isPresent() || root.get("ArtifactName").isPresent()) {
            return scanReport(root, context, scanId);
        }
        if (root.get("ID").isPresent() && root.get("Results").isPresent()) {
            return complianceReport(root, context, scanId);
        }
        throw root.invalid("neither a Trivy scan report (SchemaVersion, ArtifactName, Results) nor a Trivy compliance"
                + " report (ID, Results)");
    }

    // ---- scan reports ----------------------------------------------------------------------

    private static ScanDocument scanReport(Node root, ImportContext context, String scanId) {
        Node schema = root.required("SchemaVersion");
        if (schema.number() != 2) {
            throw schema.invalid("Trivy JSON schema version " + schema.textOr("?") + " is not supported (only 2)");
        }
        String artifact = root.required("ArtifactName").text();
        Node metadata = root.get("Metadata");
        String imageId = metadata.get("ImageID").optionalText(null);
        List<String> digests = metadata.get("RepoDigests").strings();
        String targetId = imageId != null ? imageId : !digests.isEmpty() ? digests.get(0) : artifact;
        ScanTarget image = new ScanTarget(TargetKind.image, targetId, artifact, null, imageId);

        VulnerabilityTally vulnerabilities = null;
        List<String> secrets = new ArrayList<>();
        Map<String, List<Node>> misconfigurations = new TreeMap<>(TrivyImporter::compareControls);
        for (Node result : root.get("Results").optionalArray()) {
            String target = result.required("Target").text();
            String resultClass = result.get("Class").optionalText("");
            Node found = result.get("Vulnerabilities");
            if (found.isPresent() || resultClass.equals("os-pkgs") || resultClass.equals("lang-pkgs")) {
                if (vulnerabilities == null) {
                    vulnerabilities = new VulnerabilityTally();
                }
                for (Node vulnerability : found.optionalArray()) {
                    vulnerabilities.add(vulnerability);
                }
            }
            for (Node secret : result.get("Secrets").optionalArray()) {
                String rule = secret.required("RuleID").text();
                Node line = secret.get("StartLine");
                secrets.add(rule + " in " + target + (line.isPresent() ? ":" + (long) line.number() : ""));
            }
            for (Node misconfiguration : result.get("Misconfigurations").optionalArray()) {
                controlOf(misconfiguration)
                        .ifPresent(control -> misconfigurations
                                .computeIfAbsent(control, key -> new ArrayList<>())
                                .add(misconfiguration));
            }
        }

        List<ScanResult> results = new ArrayList<>();
        misconfigurations.forEach((control, findings) -> results.add(misconfigurationResult(control, findings, image)));
        if (vulnerabilities != null) {
            results.add(vulnerabilities.result(image));
        }
        if (!secrets.isEmpty()) {
            results.add(new ScanResult(
                    "4.10",
                    ResultStatus.fail,
                    image,
                    secrets.size() + " secrets found: " + String.join(", ", secrets),
                    "Remove the secrets from the image and its build context, and rotate them."));
        }
        results.sort((a, b) -> compareControls(a.control(), b.control()));

        Instant scannedAt =
                Imports.optionalTime(root.get("CreatedAt")).orElseGet(() -> Imports.scannedAt(context, TOOL));
        ScanHost host = Imports.host(Optional.ofNullable(context.host()).or(() -> Optional.of(artifact)), TOOL);
        return new ScanDocument(
                scanId,
                ScanBenchmark.CIS_DOCKER_1_6_0,
                host,
                new ScanCollector(TOOL, root.path("Trivy", "Version").optionalText(null)),
                scannedAt,
                scannedAt,
                results);
    }

    /** The CIS control a Dockerfile finding decides, if any ({@code DS002}, {@code DS-0002}, {@code AVD-DS-0002}). */
    private static Optional<String> controlOf(Node misconfiguration) {
        Node id = misconfiguration.get("ID").isPresent()
                ? misconfiguration.required("ID")
                : misconfiguration.required("AVDID");
        Matcher matcher = DOCKERFILE_CHECK_ID.matcher(id.text());
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.ofNullable(DOCKERFILE_CHECKS.get(Integer.parseInt(matcher.group(1))));
    }

    private static ScanResult misconfigurationResult(String control, List<Node> findings, ScanTarget image) {
        List<String> failed = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        String remediation = null;
        for (Node finding : findings) {
            String id = finding.get("ID").optionalText(finding.get("AVDID").optionalText("?"));
            // Trivy lists only failures unless asked for more; a finding without Status is a failure.
            String status = finding.get("Status").optionalText("FAIL");
            String text = id + " " + finding.get("Title").optionalText("") + ": "
                    + finding.get("Message").optionalText("");
            switch (status) {
                case "FAIL" -> {
                    failed.add(text.strip());
                    remediation = finding.get("Resolution").optionalText(remediation);
                }
                case "PASS" -> passed.add(id);
                case "EXCEPTION" -> passed.add(id + " (excepted in Trivy)");
                default ->
                    throw finding.get("Status")
                            .invalid("\"" + status + "\" is not a Trivy status (PASS, FAIL," + " EXCEPTION)");
            }
        }
        return failed.isEmpty()
                ? new ScanResult(control, ResultStatus.pass, image, "Trivy checks passed: " + passed, null)
                : new ScanResult(control, ResultStatus.fail, image, String.join("; ", failed), remediation);
    }

    /** Counts vulnerabilities by severity; CIS 4.4 fails on any CRITICAL one. */
    private static final class VulnerabilityTally {
        private final Map<String, Integer> bySeverity = new LinkedHashMap<>();
        private final List<String> critical = new ArrayList<>();
        private int total;
        private int fixable;

        VulnerabilityTally() {
            for (String severity : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN")) {
                bySeverity.put(severity, 0);
            }
        }

        void add(Node vulnerability) {
            String id = vulnerability.required("VulnerabilityID").text();
            String severity = vulnerability.required("Severity").text().toUpperCase(Locale.ROOT);
            if (!bySeverity.containsKey(severity)) {
                throw vulnerability.get("Severity").invalid("\"" + severity + "\" is not a Trivy severity");
            }
            bySeverity.merge(severity, 1, Integer::sum);
            total++;
            if (vulnerability.get("FixedVersion").optionalText("").length() > 0) {
                fixable++;
            }
            if (severity.equals("CRITICAL") && !critical.contains(id)) {
                critical.add(id);
            }
        }

        ScanResult result(ScanTarget image) {
            StringBuilder evidence = new StringBuilder(total + " vulnerabilities (");
            bySeverity.forEach((severity, count) ->
                    evidence.append(severity).append(' ').append(count).append(", "));
            evidence.append(fixable).append(" with a fix)");
            if (critical.isEmpty()) {
                return new ScanResult("4.4", ResultStatus.pass, image, "no critical vulnerability: " + evidence, null);
            }
            List<String> listed = critical.subList(0, Math.min(LISTED_VULNERABILITIES, critical.size()));
            evidence.append("; critical: ").append(String.join(", ", listed));
            if (critical.size() > listed.size()) {
                evidence.append(", ...");
            }
            return new ScanResult(
                    "4.4",
                    ResultStatus.fail,
                    image,
                    evidence.toString(),
                    "Rebuild the image on a patched base and update the affected packages.");
        }
    }

    // ---- compliance reports ----------------------------------------------------------------

    private static ScanDocument complianceReport(Node root, ImportContext context, String scanId) {
        String specId = root.required("ID").text();
        String specVersion = root.get("Version").optionalText("");
        Matcher cis = CIS_SPEC.matcher(specId);
        ScanBenchmark benchmark = cis.matches()
                ? new ScanBenchmark("cis-" + cis.group(1), cis.group(2))
                : new ScanBenchmark(specId, specVersion.isBlank() ? "unspecified" : specVersion);

        List<ScanResult> results = new ArrayList<>();
        for (Node control : root.required("Results").array()) {
            String id = control.required("ID").text();
            String name = control.get("Name").optionalText("");
            List<String> failed = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            for (Node target : control.get("Results").optionalArray()) {
                for (Node check : target.get("Misconfigurations").optionalArray()) {
                    String checkId =
                            check.get("AVDID").optionalText(check.get("ID").optionalText("?"));
                    String where = target.get("Target").optionalText("");
                    String label = checkId + (where.isEmpty() ? "" : " on " + where);
                    Node status = check.required("Status");
                    switch (status.text()) {
                        case "FAIL" -> failed.add(label);
                        case "PASS" -> passed.add(label);
                        default -> throw status.invalid("\"" + status.text() + "\" is not a Trivy status (PASS, FAIL)");
                    }
                }
            }
            ResultStatus status;
            String evidence;
            if (!failed.isEmpty()) {
                status = ResultStatus.fail;
                evidence = name + ": failed " + failed;
            } else if (!passed.isEmpty()) {
                status = ResultStatus.pass;
                evidence = name + ": passed " + passed;
            } else {
                status = ResultStatus.manual;
                evidence = name + ": Trivy has no automated check for this control";
            }
            results.add(new ScanResult(id, status, ScanTarget.host(), evidence, null));
        }
        Instant scannedAt = Imports.scannedAt(context, TOOL);
        return new ScanDocument(
                scanId,
                benchmark,
                Imports.host(context, TOOL),
                new ScanCollector(TOOL, null),
                scannedAt,
                scannedAt,
                results);
    }

    /** Orders control ids numerically by segment: 4.9 before 4.10. */
    static int compareControls(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order;
            try {
                order = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
            } catch (NumberFormatException notNumeric) {
                order = left[i].compareTo(right[i]);
            }
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
