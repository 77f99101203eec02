package dev.plimsoll.wire.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Broken input names where it broke; the broken files are real samples cut or edited in the test. */
class ImportErrorsTest {

    private static final ImportContext WEB_01 = ImportContext.of("web-01", Instant.parse("2026-11-28T10:00:00Z"));

    private static String sample(String name) {
        try (InputStream in = ImportErrorsTest.class.getResourceAsStream("/wire/samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ImportException refused(String format, String input, ImportContext context) {
        return assertThrows(
                ImportException.class,
                () -> Importers.convert(
                        format, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), context));
    }

    @Test
    void truncated_docker_bench_log_names_the_value_it_ends_in() {
        String log = sample("docker-bench-security/log-v1.6.0_EXCERPT.json");
        int cut = log.indexOf("\"id\": \"3.7\"") + "\"id\": \"3.".length();
        ImportException e = refused("docker-bench", log.substring(0, cut), WEB_01);
        assertEquals("/tests/2/results/0/id", e.location());
        assertTrue(e.detail().startsWith("malformed JSON"), e.detail());
    }

    @Test
    void docker_bench_result_of_the_wrong_type_is_located() {
        String log = sample("docker-bench-security/log-v1.6.0_EXCERPT.json")
                .replace("\"result\": \"PASS\"", "\"result\": true");
        ImportException e = refused("docker-bench", log, WEB_01);
        assertEquals("/tests/6/results/0/result", e.location());
        assertTrue(e.detail().contains("expected a string but found a boolean"), e.detail());
    }

    @Test
    void docker_bench_unknown_verdict_is_located() {
        String log = sample("docker-bench-security/log-v1.6.0_EXCERPT.json")
                .replace("\"result\": \"PASS\"", "\"result\": \"MAYBE\"");
        assertEquals(
                "/tests/6/results/0/result",
                refused("docker-bench", log, WEB_01).location());
    }

    @Test
    void docker_bench_result_without_id_is_located() {
        String log = sample("docker-bench-security/log-v1.6.0_EXCERPT.json").replace("\"id\": \"1.2.2\",", "");
        ImportException e = refused("docker-bench", log, WEB_01);
        assertEquals("/tests/0/results/2/id", e.location());
        assertTrue(e.detail().contains("required key \"id\" is missing"), e.detail());
    }

    @Test
    void docker_bench_without_a_host_asks_for_one() {
        ImportException e = refused(
                "docker-bench", sample("docker-bench-security/log-v1.6.0_EXCERPT.json"), ImportContext.of(null, null));
        assertEquals("", e.location());
        assertTrue(e.detail().contains("--host"), e.detail());
    }

    @Test
    void trivy_vulnerability_without_severity_is_located() {
        String report = sample("trivy/trivy_integration_alpine-310.json").replaceFirst("\"Severity\": \"MEDIUM\",", "");
        ImportException e = refused("trivy", report, WEB_01);
        assertEquals("/Results/0/Vulnerabilities/0/Severity", e.location());
    }

    @Test
    void trivy_results_of_the_wrong_type_are_located() {
        String report = sample("trivy/trivy_integration_dockerfile.json")
                .replace("\"Results\": [", "\"Results\": {\"x\": [")
                .replaceFirst("(?s)\\]\\s*}\\s*$", "]}}");
        ImportException e = refused("trivy", report, WEB_01);
        assertEquals("/Results", e.location());
    }

    @Test
    void kube_bench_without_a_scan_time_asks_for_one() {
        ImportException e = refused(
                "kube-bench",
                sample("kube-bench/kube-bench_cmd-testdata_result.json"),
                ImportContext.of("node-1", null));
        assertTrue(e.detail().contains("--scanned-at"), e.detail());
    }

    @Test
    void kube_bench_status_of_the_wrong_type_is_located() {
        String report = sample("kube-bench/kube-bench_cmd-testdata_result.json")
                .replaceFirst("\"status\": \"PASS\"", "\"status\": 1");
        assertEquals(
                "/Controls/0/tests/0/results/0/status",
                refused("kube-bench", report, WEB_01).location());
    }

    @Test
    void hdf_without_profiles_is_located() {
        String report =
                sample("inspec-hdf/heimdall2_small_overrides_hdf_TRIMMED.json").replace("\"profiles\"", "\"profile\"");
        assertEquals("/profiles", refused("hdf", report, WEB_01).location());
    }

    @Test
    void hdf_truncated_inside_a_control_is_located() {
        String report = sample("inspec-hdf/heimdall2_small_overrides_hdf_TRIMMED.json");
        String cut = report.substring(0, report.indexOf("\"impact\": 0.3") + "\"impact\": 0".length());
        assertEquals(
                "/profiles/0/controls/0/impact", refused("hdf", cut, WEB_01).location());
    }

    @Test
    void an_unknown_format_is_a_caller_error() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Importers.convert("grype", new ByteArrayInputStream(new byte[0]), WEB_01));
    }
}
