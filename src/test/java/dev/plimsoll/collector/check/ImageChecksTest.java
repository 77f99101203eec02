package dev.plimsoll.collector.check;

import static dev.plimsoll.collector.testing.Fixtures.set;
import static dev.plimsoll.collector.testing.Fixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import dev.plimsoll.collector.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import org.junit.jupiter.api.Test;

class ImageChecksTest extends ScannedHost {

    private void history(String... createdBy) {
        JsonArray history = docker.history();
        while (!history.isEmpty()) {
            history.remove(0);
        }
        for (String command : createdBy) {
            history.add(Json.object()
                    .add("Id", "<missing>")
                    .add("CreatedBy", command)
                    .add("Size", 0));
        }
    }

    @Test
    void image_results_name_the_image() throws Exception {
        ScanResult result = imageResult("4.6");
        assertEquals("nginx:1.27", result.target().name());
        assertEquals(docker.image().get("Id").asString(), result.target().id());
    }

    @Test
    void cis_4_1_image_with_a_non_root_user_passes() throws Exception {
        assertStatus(ResultStatus.pass, imageResult("4.1"));
    }

    @Test
    void cis_4_1_image_without_a_user_fails() throws Exception {
        set(docker.image(), "Config.User", Json.value(""));
        assertStatus(ResultStatus.fail, imageResult("4.1"));
    }

    @Test
    void cis_4_2_trusted_base_is_manual_and_names_the_origin() throws Exception {
        ScanResult result = assertStatus(ResultStatus.manual, imageResult("4.2"));
        assertTrue(result.evidence().contains("nginx@sha256:"));
    }

    @Test
    void cis_4_3_package_review_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, imageResult("4.3"));
    }

    @Test
    void cis_4_4_vulnerability_scan_is_manual_and_points_to_an_import() throws Exception {
        ScanResult result = assertStatus(ResultStatus.manual, imageResult("4.4"));
        assertTrue(result.evidence().contains("import"));
    }

    @Test
    void cis_4_5_retired_content_trust_is_manual_and_points_to_pl_3() throws Exception {
        ScanResult result = assertStatus(ResultStatus.manual, imageResult("4.5"));
        assertTrue(result.evidence().contains("PL-3"));
    }

    @Test
    void cis_4_6_image_with_a_healthcheck_passes() throws Exception {
        assertStatus(ResultStatus.pass, imageResult("4.6"));
    }

    @Test
    void cis_4_6_image_without_a_healthcheck_fails() throws Exception {
        Fixtures.remove(docker.image(), "Config.Healthcheck");
        assertStatus(ResultStatus.fail, imageResult("4.6"));
    }

    @Test
    void cis_4_7_update_and_install_in_one_layer_passes() throws Exception {
        assertStatus(ResultStatus.pass, imageResult("4.7"));
    }

    @Test
    void cis_4_7_update_alone_fails() throws Exception {
        history(
                "/bin/sh -c apt-get install -y curl",
                "/bin/sh -c apt-get update",
                "/bin/sh -c #(nop) ADD file:d13afefcc2b0b02b598a3ac2598fe2187db41de1e17820e5b600a955b1429d59 in / ");
        assertStatus(ResultStatus.fail, imageResult("4.7"));
    }

    @Test
    void cis_4_8_setuid_review_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, imageResult("4.8"));
    }

    @Test
    void cis_4_9_base_layer_add_is_not_counted_and_passes() throws Exception {
        assertStatus(ResultStatus.pass, imageResult("4.9"));
    }

    @Test
    void cis_4_9_add_above_the_base_layer_fails() throws Exception {
        history(
                "ADD https://example.com/app.tar.gz /opt/app # buildkit",
                "/bin/sh -c #(nop) ADD file:d13afefcc2b0b02b598a3ac2598fe2187db41de1e17820e5b600a955b1429d59 in / ");
        assertStatus(ResultStatus.fail, imageResult("4.9"));
    }

    @Test
    void cis_4_9_old_history_with_an_add_of_the_base_passes() throws Exception {
        JsonArray old = Json.parse(Fixtures.dockerText("docker-java_samples_1.22_images_history.json"))
                .asArray();
        history();
        old.forEach(docker.history()::add);
        assertStatus(ResultStatus.pass, imageResult("4.9"));
    }

    @Test
    void cis_4_10_without_secrets_in_env_or_build_arguments_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, imageResult("4.10"));
    }

    @Test
    void cis_4_10_secret_in_an_env_instruction_fails_without_revealing_it() throws Exception {
        history("/bin/sh -c #(nop)  ENV API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "USER 101");
        ScanResult result = assertStatus(ResultStatus.fail, imageResult("4.10"));
        assertTrue(result.evidence().contains("API_TOKEN"));
        assertFalse(result.evidence().contains("ghp_"), result.evidence());
    }

    @Test
    void cis_4_10_secret_build_argument_fails() throws Exception {
        history("|1 NPM_TOKEN=npm_s3cr3tT0k3nValue0123456789 /bin/sh -c npm ci", "USER 101");
        assertStatus(ResultStatus.fail, imageResult("4.10"));
    }

    @Test
    void cis_4_11_package_verification_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, imageResult("4.11"));
    }

    @Test
    void cis_4_12_artifact_validation_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, imageResult("4.12"));
    }

    @Test
    void pl_3_without_a_visible_signature_is_manual_never_a_pass() throws Exception {
        ScanResult result = assertStatus(ResultStatus.manual, imageResult("PL-3"));
        assertTrue(result.evidence().contains("cosign verify"));
    }

    @Test
    void pl_3_locally_present_cosign_signature_is_reported_but_not_passed() throws Exception {
        docker.images.add(Json.object()
                .add("Id", "sha256:5e1f")
                .add(
                        "RepoTags",
                        strings("nginx:sha256-0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a.sig"))
                .add("RepoDigests", Json.array()));
        docker.imageInspections.put(
                "sha256:5e1f",
                Json.object()
                        .add("Id", "sha256:5e1f")
                        .add("RepoTags", strings("x:sig"))
                        .add("Config", Json.object()));
        docker.histories.put("sha256:5e1f", Json.array());
        ScanResult result = HostScanResults.forImage(scan(), "nginx:1.27", "PL-3");
        assertStatus(ResultStatus.info, result);
        assertTrue(result.evidence().contains(".sig"));
    }

    @Test
    void pl_3_locally_built_image_is_manual() throws Exception {
        docker.image().set("RepoDigests", Json.array());
        assertStatus(ResultStatus.manual, imageResult("PL-3"));
    }
}
