package dev.plimsoll.wire.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.TargetKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every sample of every supported tool converts, with counts taken from the files by hand. */
class ImportersTest {

    private static final Instant SCANNED_AT = Instant.parse("2026-11-28T10:00:00Z");
    private static final ImportContext WEB_01 = ImportContext.of("web-01", SCANNED_AT);

    static ScanDocument convert(String format, String sample, ImportContext context) {
        try (InputStream in = ImportersTest.class.getResourceAsStream("/wire/samples/" + sample)) {
            return Importers.convert(format, in, context);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<ResultStatus, Long> counts(ScanDocument document) {
        Map<ResultStatus, Long> counts = new TreeMap<>();
        for (ResultStatus status : ResultStatus.values()) {
            if (document.count(status) > 0) {
                counts.put(status, document.count(status));
            }
        }
        return counts;
    }

    private static ScanResult result(ScanDocument document, String control) {
        return document.results().stream()
                .filter(result -> result.control().equals(control))
                .findFirst()
                .orElseThrow();
    }

    // ---- docker-bench-security -----------------------------------------------------------

    @Test
    void docker_bench_1_3_6_log_converts_all_117_results() {
        ScanDocument document =
                convert("docker-bench", "docker-bench-security/defectdojo_docker-bench-report-many-vulns.json", WEB_01);
        assertEquals(117, document.results().size());
        assertEquals(
                Map.of(
                        ResultStatus.pass,
                        48L,
                        ResultStatus.fail,
                        33L,
                        ResultStatus.info,
                        26L,
                        ResultStatus.manual,
                        10L),
                counts(document));
        assertEquals("cis-docker", document.benchmark().id());
        assertEquals("1.3.1", document.benchmark().version());
        assertEquals(Instant.ofEpochSecond(1659371395), document.startedAt());
        assertEquals(Instant.ofEpochSecond(1659371409), document.finishedAt());
        assertEquals("web-01", document.host().id());
        assertEquals("docker-bench-security", document.collector().name());
        assertEquals("1.3.6", document.collector().version());
    }

    @Test
    void docker_bench_warn_becomes_a_failure_with_its_remediation() {
        ScanDocument document =
                convert("docker-bench", "docker-bench-security/defectdojo_docker-bench-report-many-vulns.json", WEB_01);
        ScanResult audit = result(document, "1.1.3");
        assertEquals(ResultStatus.fail, audit.status());
        assertTrue(audit.remediation().contains("-w /usr/bin/dockerd"));
        assertEquals(TargetKind.host, audit.target().kind());
    }

    @Test
    void docker_bench_1_6_0_excerpt_converts_its_14_results() {
        ScanDocument document = convert("docker-bench", "docker-bench-security/log-v1.6.0_EXCERPT.json", WEB_01);
        assertEquals(14, document.results().size());
        assertEquals(Map.of(ResultStatus.pass, 1L, ResultStatus.fail, 6L, ResultStatus.info, 7L), counts(document));
        assertEquals("1.6.0", document.benchmark().version());
        assertEquals(
                "running as root:  reverent_noyce nice_blackburn",
                result(document, "4.1").evidence());
    }

    // ---- Trivy ---------------------------------------------------------------------------

    @Test
    void trivy_image_report_with_four_medium_vulnerabilities_passes_4_4() {
        ScanDocument document =
                convert("trivy", "trivy/trivy_integration_alpine-310.json", ImportContext.of(null, null));
        assertEquals(1, document.results().size());
        ScanResult vulnerabilities = result(document, "4.4");
        assertEquals(ResultStatus.pass, vulnerabilities.status());
        assertTrue(vulnerabilities.evidence().contains("4 vulnerabilities"), vulnerabilities.evidence());
        assertTrue(vulnerabilities.evidence().contains("MEDIUM 4"), vulnerabilities.evidence());
        assertEquals(TargetKind.image, vulnerabilities.target().kind());
        assertEquals(
                "sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4",
                vulnerabilities.target().imageId());
        assertEquals(Instant.parse("2021-08-25T12:20:30.000000005Z"), document.startedAt());
        assertEquals(
                "testdata/fixtures/images/alpine-310.tar.gz", document.host().id());
    }

    @Test
    void trivy_dockerfile_report_fails_4_1_on_ds002() {
        ScanDocument document = convert("trivy", "trivy/trivy_integration_dockerfile.json", WEB_01);
        assertEquals(1, document.results().size());
        ScanResult user = result(document, "4.1");
        assertEquals(ResultStatus.fail, user.status());
        assertTrue(user.evidence().startsWith("DS-0002"), user.evidence());
        assertEquals("Add 'USER <non root user name>' line to the Dockerfile", user.remediation());
        assertEquals("web-01", document.host().id());
    }

    @Test
    void trivy_report_with_misconfigurations_and_secrets_gives_three_results() {
        ScanDocument document = convert("trivy", "trivy/defectdojo_misconfigurations_and_secrets.json", WEB_01);
        assertEquals(3, document.results().size());
        assertEquals(Map.of(ResultStatus.pass, 1L, ResultStatus.fail, 2L), counts(document));
        assertEquals(ResultStatus.pass, result(document, "4.4").status());
        assertEquals(ResultStatus.fail, result(document, "4.1").status());
        ScanResult secrets = result(document, "4.10");
        assertEquals(ResultStatus.fail, secrets.status());
        assertTrue(secrets.evidence().contains("2 secrets found: github-pat in Dockerfile:24"), secrets.evidence());
        assertFalse(secrets.evidence().contains("GITHUB_PAT"), secrets.evidence());
    }

    @Test
    void trivy_compliance_report_converts_each_control() {
        ScanDocument document = convert("trivy", "trivy/trivy_compliance_report_testdata_all.json", WEB_01);
        assertEquals(2, document.results().size());
        assertEquals(Map.of(ResultStatus.fail, 2L), counts(document));
        assertEquals("1234", document.benchmark().id());
        assertTrue(result(document, "1.0").evidence().contains("AVD-KSV012"));
    }

    // ---- kube-bench ----------------------------------------------------------------------

    @Test
    void kube_bench_current_report_converts_its_three_results() {
        ScanDocument document = convert("kube-bench", "kube-bench/kube-bench_cmd-testdata_result.json", WEB_01);
        assertEquals(3, document.results().size());
        assertEquals(Map.of(ResultStatus.pass, 2L, ResultStatus.manual, 1L), counts(document));
        assertEquals("cis-kubernetes", document.benchmark().id());
        assertEquals("1.5", document.benchmark().version());
        assertEquals(ResultStatus.manual, result(document, "3.1.1").status());
        assertEquals(SCANNED_AT, document.startedAt());
    }

    @Test
    void kube_bench_older_array_report_converts_its_23_results() {
        ScanDocument document = convert("kube-bench", "kube-bench/defectdojo_kube-bench-report-one-vuln.json", WEB_01);
        assertEquals(23, document.results().size());
        assertEquals(Map.of(ResultStatus.pass, 22L, ResultStatus.fail, 1L), counts(document));
        ScanResult failed = document.results().stream()
                .filter(r -> r.status() == ResultStatus.fail)
                .findFirst()
                .orElseThrow();
        assertTrue(failed.remediation() != null && !failed.remediation().isBlank());
    }

    // ---- HDF -----------------------------------------------------------------------------

    @Test
    void inspec_report_converts_four_controls() {
        ScanDocument document = convert("hdf", "inspec-hdf/inspec_test-fixtures-reporters_json_output.json", WEB_01);
        assertEquals(4, document.results().size());
        assertEquals(Map.of(ResultStatus.pass, 3L, ResultStatus.fail, 1L), counts(document));
        assertEquals("long_commands", document.benchmark().id());
        assertEquals("0.1.0", document.benchmark().version());
        assertEquals(Instant.parse("2018-01-05T16:43:04Z"), document.startedAt());
        assertTrue(result(document, "(generated from example.rb:21 2ff474c5357e7070f4c3efa932032dcb)")
                .evidence()
                .contains("rubocop is not installed"));
    }

    @Test
    void heimdall_file_converts_its_failed_control_with_the_fix_text() {
        ScanDocument document = convert("hdf", "inspec-hdf/heimdall2_small_overrides_hdf_TRIMMED.json", WEB_01);
        assertEquals(1, document.results().size());
        ScanResult control = result(document, "V-257778");
        assertEquals(ResultStatus.fail, control.status());
        assertTrue(control.remediation().startsWith("Install RHEL 9 security patches"));
        assertEquals("RHEL_9_STIG", document.benchmark().id());
        assertEquals(SCANNED_AT, document.startedAt());
    }

    // ---- scan ids ------------------------------------------------------------------------

    @Test
    void importing_the_same_output_twice_gives_the_same_scan_id() {
        String sample = "kube-bench/kube-bench_cmd-testdata_result.json";
        assertEquals(
                convert("kube-bench", sample, WEB_01).scanId(),
                convert("kube-bench", sample, WEB_01).scanId());
    }

    @Test
    void the_same_output_for_another_host_gets_another_scan_id() {
        String sample = "kube-bench/kube-bench_cmd-testdata_result.json";
        assertNotEquals(
                convert("kube-bench", sample, WEB_01).scanId(),
                convert("kube-bench", sample, ImportContext.of("web-02", SCANNED_AT))
                        .scanId());
    }

    @Test
    void a_given_scan_id_is_kept() {
        ImportContext context = new ImportContext("web-01", SCANNED_AT, "0b7f3a1e-9c10-4a55-9a43-7d1c6a523f0e");
        assertEquals(
                "0b7f3a1e-9c10-4a55-9a43-7d1c6a523f0e",
                convert("kube-bench", "kube-bench/kube-bench_cmd-testdata_result.json", context)
                        .scanId());
    }
}
