package dev.plimsoll.collector.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import dev.plimsoll.collector.host.CommandRunner;
import dev.plimsoll.collector.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostChecksTest extends ScannedHost {

    @Test
    void cis_1_1_1_docker_root_on_its_own_mount_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.1"));
    }

    @Test
    void cis_1_1_1_docker_root_on_the_root_file_system_fails() throws Exception {
        host.file("/proc/1/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n", 0444);
        assertStatus(ResultStatus.fail, hostResult("1.1.1"));
    }

    @Test
    void cis_1_1_1_without_a_readable_mount_table_is_manual() throws Exception {
        host.delete("/proc/1/mountinfo");
        assertStatus(ResultStatus.manual, hostResult("1.1.1"));
    }

    @Test
    void cis_1_1_2_docker_group_members_without_an_allow_list_are_manual() throws Exception {
        ScanResult result = assertStatus(ResultStatus.manual, hostResult("1.1.2"));
        assertTrue(result.evidence().contains("alice"));
    }

    @Test
    void cis_1_1_2_docker_group_of_trusted_users_passes() throws Exception {
        trustedUsers = Optional.of(Set.of("alice"));
        assertStatus(ResultStatus.pass, hostResult("1.1.2"));
    }

    @Test
    void cis_1_1_2_untrusted_member_of_the_docker_group_fails() throws Exception {
        trustedUsers = Optional.of(Set.of("bob"));
        assertStatus(ResultStatus.fail, hostResult("1.1.2"));
    }

    @Test
    void cis_1_1_3_audit_rule_for_dockerd_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.3"));
    }

    @Test
    void cis_1_1_3_missing_audit_rule_for_dockerd_fails() throws Exception {
        host.file("/etc/audit/rules.d/docker.rules", "-w /etc/docker -k docker\n", 0640);
        assertStatus(ResultStatus.fail, hostResult("1.1.3"));
    }

    @Test
    void cis_1_1_3_loaded_rules_from_auditctl_are_preferred_to_files() throws Exception {
        commands = command -> new CommandRunner.Outcome(true, 0, "-w /etc/docker -p rwxa -k docker\n", "");
        assertStatus(ResultStatus.fail, hostResult("1.1.3"));
        assertStatus(ResultStatus.pass, hostResult("1.1.6"));
    }

    @Test
    void cis_1_1_3_without_auditctl_or_rules_files_is_manual_with_the_reason() throws Exception {
        host.delete("/etc/audit/rules.d/docker.rules");
        ScanResult result = assertStatus(ResultStatus.manual, hostResult("1.1.3"));
        assertTrue(result.evidence().contains("auditctl is not installed"), result.evidence());
    }

    @Test
    void cis_1_1_3_failing_auditctl_without_rules_files_is_an_error() throws Exception {
        host.delete("/etc/audit/rules.d/docker.rules");
        commands = command -> new CommandRunner.Outcome(true, 1, "", "You must be root to run this program.");
        ScanResult result = assertStatus(ResultStatus.error, hostResult("1.1.3"));
        assertTrue(result.evidence().contains("must be root"), result.evidence());
    }

    @Test
    void cis_1_1_4_audit_rule_for_run_containerd_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.4"));
    }

    @Test
    void cis_1_1_5_audit_rule_for_var_lib_docker_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.5"));
    }

    @Test
    void cis_1_1_6_audit_rule_for_etc_docker_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.6"));
    }

    @Test
    void cis_1_1_7_audit_rule_for_the_docker_service_unit_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.7"));
    }

    @Test
    void cis_1_1_7_rule_naming_the_usr_lib_spelling_of_the_unit_passes() throws Exception {
        host.file("/etc/audit/rules.d/docker.rules", "-w /usr/lib/systemd/system/docker.service -k docker\n", 0640);
        assertStatus(ResultStatus.pass, hostResult("1.1.7"));
    }

    @Test
    void cis_1_1_7_is_skipped_without_a_docker_service_unit() throws Exception {
        host.delete("/lib/systemd/system/docker.service");
        assertStatus(ResultStatus.skip, hostResult("1.1.7"));
    }

    @Test
    void cis_1_1_8_audit_rule_for_the_containerd_socket_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.8"));
    }

    @Test
    void cis_1_1_9_audit_rule_for_the_docker_socket_unit_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.9"));
    }

    @Test
    void cis_1_1_10_is_skipped_when_etc_default_docker_does_not_exist() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("1.1.10"));
    }

    @Test
    void cis_1_1_10_etc_default_docker_without_audit_rule_fails() throws Exception {
        host.file("/etc/default/docker", "DOCKER_OPTS=\n", 0644);
        assertStatus(ResultStatus.fail, hostResult("1.1.10"));
    }

    @Test
    void cis_1_1_11_audit_rule_for_daemon_json_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.11"));
    }

    @Test
    void cis_1_1_12_audit_rule_for_containerd_config_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.12"));
    }

    @Test
    void cis_1_1_13_is_skipped_when_etc_sysconfig_docker_does_not_exist() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("1.1.13"));
    }

    @Test
    void cis_1_1_14_audit_rule_for_containerd_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.14"));
    }

    @Test
    void cis_1_1_15_is_skipped_when_the_v1_shim_is_not_installed() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("1.1.15"));
    }

    @Test
    void cis_1_1_16_installed_shim_without_audit_rule_fails() throws Exception {
        host.file("/usr/bin/containerd-shim-runc-v1", "", 0755);
        assertStatus(ResultStatus.fail, hostResult("1.1.16"));
    }

    @Test
    void cis_1_1_17_audit_rule_for_the_v2_shim_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.17"));
    }

    @Test
    void cis_1_1_18_path_filter_rule_for_runc_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("1.1.18"));
    }

    @Test
    void cis_1_2_1_host_hardening_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, hostResult("1.2.1"));
    }

    @Test
    void cis_1_2_2_latest_patch_release_is_manual_and_names_the_version() throws Exception {
        ScanResult result = assertStatus(ResultStatus.manual, hostResult("1.2.2"));
        assertTrue(result.evidence().contains("27.3.1"));
    }

    @Test
    void pl_2_falco_process_on_the_host_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("PL-2"));
    }

    @Test
    void pl_2_tetragon_container_passes() throws Exception {
        host.delete("/proc/977/comm");
        String id = "7e1d5c3b1a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d";
        docker.addContainer(
                Json.object()
                        .add("Id", id)
                        .add("Names", Json.array("/tetragon"))
                        .add("Image", "quay.io/cilium/tetragon:v1.2.0"),
                Fixtures.docker("container_hardened.json").set("Id", id).set("Name", "/tetragon"),
                Fixtures.docker("top_web.json"));
        ScanResult result = assertStatus(ResultStatus.pass, hostResult("PL-2"));
        assertTrue(result.evidence().contains("tetragon"));
    }

    @Test
    void pl_2_host_without_a_monitoring_agent_fails() throws Exception {
        host.delete("/proc/977/comm");
        assertStatus(ResultStatus.fail, hostResult("PL-2"));
    }

    @Test
    void pl_2_without_the_hosts_processes_and_no_agent_container_is_manual() throws Exception {
        host.delete("/proc/977/comm").delete("/proc/412/comm");
        assertStatus(ResultStatus.manual, hostResult("PL-2"));
    }

    @Test
    void pl_4_docker_27_after_its_end_of_support_fails() throws Exception {
        assertStatus(ResultStatus.fail, hostResult("PL-4"));
    }

    @Test
    void pl_4_docker_29_is_supported() throws Exception {
        docker.version.set("Version", "29.10.1");
        assertStatus(ResultStatus.pass, hostResult("PL-4"));
    }

    @Test
    void pl_4_docker_20_10_is_long_out_of_support() throws Exception {
        docker.version.set("Version", "20.10.25+dfsg1");
        assertStatus(ResultStatus.fail, hostResult("PL-4"));
    }

    @Test
    void pl_4_a_release_newer_than_the_table_passes() throws Exception {
        docker.version.set("Version", "30.0.0");
        assertStatus(ResultStatus.pass, hostResult("PL-4"));
    }

    @Test
    void pl_4_an_unreadable_version_is_manual() throws Exception {
        docker.version.set("Version", "master-dockerproject-2026");
        assertStatus(ResultStatus.manual, hostResult("PL-4"));
    }
}
