package dev.plimsoll.collector.check;

import static dev.plimsoll.collector.testing.Fixtures.array;
import static dev.plimsoll.collector.testing.Fixtures.set;
import static dev.plimsoll.collector.testing.Fixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.plimsoll.collector.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.TargetKind;
import dev.plimsoll.wire.json.Node;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContainerChecksTest {

    private static JsonObject hardened() {
        return Fixtures.docker("container_hardened.json");
    }

    private static JsonObject portainer() {
        return Fixtures.docker("watchtower_container_running.json");
    }

    private static ScanResult result(JsonObject container, String control) {
        List<ScanResult> matching = ContainerChecks.evaluate(container.toString()).stream()
                .filter(result -> result.control().equals(control))
                .toList();
        assertEquals(1, matching.size(), "one result for " + control);
        return matching.get(0);
    }

    private static ScanResult result(ContainerFacts facts, String control) {
        return ContainerChecks.evaluate(facts).stream()
                .filter(result -> result.control().equals(control))
                .findFirst()
                .orElseThrow();
    }

    private static void assertStatus(ResultStatus expected, ScanResult result) {
        assertEquals(expected, result.status(), result.control() + ": " + result.evidence());
    }

    // ---- the function as a whole ---------------------------------------------------------

    @Test
    void a_hardened_container_passes_every_automated_container_check() {
        List<ScanResult> results = ContainerChecks.evaluate(hardened().toString());
        Set<String> notPassing = results.stream()
                .filter(result -> result.status() != ResultStatus.pass)
                .map(result -> result.control() + "=" + result.status())
                .collect(Collectors.toSet());
        // Judged alone: the processes, exec sessions and the host's AppArmor support are unknown.
        assertEquals(Set.of("5.7=manual", "5.9=manual", "5.23=manual", "5.24=manual"), notPassing);
    }

    @Test
    void each_container_control_is_judged_exactly_once() {
        List<ScanResult> results = ContainerChecks.evaluate(hardened().toString());
        assertEquals(ContainerChecks.CHECKS.size(), results.size());
        assertEquals(
                results.size(),
                results.stream().map(ScanResult::control).distinct().count());
    }

    @Test
    void results_name_the_container_and_its_image() {
        ScanResult result = result(hardened(), "5.5");
        assertEquals(TargetKind.container, result.target().kind());
        assertEquals("web", result.target().name());
        assertEquals(
                "5f2a9e0c1d7b4a3f8e6c2b1a0d9f8e7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10",
                result.target().id());
        assertTrue(result.target().image().startsWith("nginx@sha256:"));
        assertTrue(result.target().imageId().startsWith("sha256:"));
    }

    @Test
    void a_document_with_only_a_few_pod_spec_fields_is_judged_without_crashing() {
        JsonObject minimal =
                Json.object().add("Name", "api").add("HostConfig", Json.object().add("Privileged", true));
        List<ScanResult> results = ContainerChecks.evaluate(minimal.toString());
        assertEquals(ContainerChecks.CHECKS.size(), results.size());
        assertFalse(results.stream().anyMatch(result -> result.status() == ResultStatus.error));
        assertStatus(ResultStatus.fail, result(minimal, "5.5"));
    }

    @Test
    void an_empty_document_yields_a_verdict_for_every_control() {
        List<ScanResult> results = ContainerChecks.evaluate("{}");
        assertEquals(ContainerChecks.CHECKS.size(), results.size());
        assertFalse(results.stream().anyMatch(result -> result.status() == ResultStatus.error));
    }

    @Test
    void remediation_is_given_only_with_failing_results() {
        assertNull(result(hardened(), "5.5").remediation());
        assertTrue(result(set(hardened(), "HostConfig.Privileged", Json.TRUE), "5.5")
                .remediation()
                .contains("--privileged"));
    }

    // ---- 4.1 -----------------------------------------------------------------------------

    @Test
    void cis_4_1_container_running_as_a_named_user_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "4.1"));
    }

    @Test
    void cis_4_1_container_without_a_user_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "4.1"));
    }

    @Test
    void cis_4_1_container_running_as_uid_zero_with_a_group_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "Config.User", Json.value("0:1000")), "4.1"));
    }

    // ---- 5.2, 5.3 ------------------------------------------------------------------------

    @Test
    void cis_5_2_container_with_an_apparmor_profile_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.2"));
    }

    @Test
    void cis_5_2_unconfined_container_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "AppArmorProfile", Json.value("unconfined")), "5.2"));
    }

    @Test
    void cis_5_2_container_without_profile_on_an_apparmor_host_fails() {
        JsonObject container = set(hardened(), "AppArmorProfile", Json.value(""));
        ContainerFacts facts = new ContainerFacts(
                Node.parse(container.toString()),
                new DaemonSecurity(true, Set.of("apparmor")),
                Optional.empty(),
                Optional.empty());
        assertStatus(ResultStatus.fail, result(facts, "5.2"));
    }

    @Test
    void cis_5_2_is_skipped_on_a_host_without_apparmor() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(portainer().toString()),
                new DaemonSecurity(true, Set.of("seccomp", "selinux")),
                Optional.empty(),
                Optional.empty());
        assertStatus(ResultStatus.skip, result(facts, "5.2"));
    }

    @Test
    void cis_5_3_container_with_selinux_labels_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.3"));
    }

    @Test
    void cis_5_3_container_with_labelling_disabled_fails() {
        assertStatus(
                ResultStatus.fail, result(set(hardened(), "HostConfig.SecurityOpt", strings("label=disable")), "5.3"));
    }

    @Test
    void cis_5_3_is_skipped_on_a_host_without_selinux() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(portainer().toString()),
                new DaemonSecurity(true, Set.of("apparmor")),
                Optional.empty(),
                Optional.empty());
        assertStatus(ResultStatus.skip, result(facts, "5.3"));
    }

    // ---- 5.4, 5.5 ------------------------------------------------------------------------

    @Test
    void cis_5_4_container_adding_only_default_capabilities_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.4"));
    }

    @Test
    void cis_5_4_container_adding_sys_admin_fails() {
        ScanResult result = result(set(hardened(), "HostConfig.CapAdd", strings("CAP_SYS_ADMIN")), "5.4");
        assertStatus(ResultStatus.fail, result);
        assertTrue(result.evidence().contains("SYS_ADMIN"));
    }

    @Test
    void cis_5_4_container_adding_all_capabilities_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.CapAdd", strings("ALL")), "5.4"));
    }

    @Test
    void cis_5_5_privileged_container_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.Privileged", Json.TRUE), "5.5"));
    }

    @Test
    void cis_5_5_unprivileged_container_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.5"));
    }

    // ---- 5.6, 5.7 ------------------------------------------------------------------------

    @Test
    void cis_5_6_container_with_only_volumes_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.6"));
    }

    @Test
    void cis_5_6_container_mounting_host_etc_writable_fails() {
        JsonObject container = set(hardened(), "HostConfig.Binds", strings("/etc:/host-etc"));
        assertStatus(ResultStatus.fail, result(container, "5.6"));
    }

    @Test
    void cis_5_6_container_mounting_the_host_root_read_only_warns() {
        JsonObject container = set(hardened(), "HostConfig.Binds", strings("/:/host:ro"));
        assertStatus(ResultStatus.warn, result(container, "5.6"));
    }

    @Test
    void cis_5_6_container_mounting_a_file_below_etc_read_only_passes() {
        JsonObject container = set(hardened(), "HostConfig.Binds", strings("/etc/localtime:/etc/localtime:ro"));
        assertStatus(ResultStatus.pass, result(container, "5.6"));
    }

    @Test
    void cis_5_7_container_without_sshd_passes() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(hardened().toString()),
                DaemonSecurity.UNKNOWN,
                Optional.of(List.of("nginx: master process nginx -g daemon off;", "nginx: worker process")),
                Optional.empty());
        assertStatus(ResultStatus.pass, result(facts, "5.7"));
    }

    @Test
    void cis_5_7_container_running_sshd_fails() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(hardened().toString()),
                DaemonSecurity.UNKNOWN,
                Optional.of(List.of("/usr/sbin/sshd -D", "nginx: worker process")),
                Optional.empty());
        assertStatus(ResultStatus.fail, result(facts, "5.7"));
    }

    @Test
    void cis_5_7_without_a_process_list_is_manual() {
        assertStatus(ResultStatus.manual, result(hardened(), "5.7"));
    }

    // ---- ports: 5.8, 5.9, 5.14 -----------------------------------------------------------

    @Test
    void cis_5_8_container_on_a_high_host_port_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.8"));
    }

    @Test
    void cis_5_8_container_publishing_host_port_80_fails() {
        JsonObject container = set(
                hardened(),
                "NetworkSettings.Ports",
                Json.object()
                        .add(
                                "80/tcp",
                                array(Json.object().add("HostIp", "10.0.0.5").add("HostPort", "80"))));
        assertStatus(ResultStatus.fail, result(container, "5.8"));
    }

    @Test
    void cis_5_8_pod_spec_port_binding_on_443_fails() {
        JsonObject container = Json.object()
                .add(
                        "HostConfig",
                        Json.object()
                                .add(
                                        "PortBindings",
                                        Json.object()
                                                .add(
                                                        "8443/tcp",
                                                        array(Json.object().add("HostPort", "443")))));
        assertStatus(ResultStatus.fail, result(container, "5.8"));
    }

    @Test
    void cis_5_9_container_without_published_ports_passes() {
        JsonObject container = set(hardened(), "NetworkSettings.Ports", Json.object());
        set(container, "HostConfig.PortBindings", Json.object());
        assertStatus(ResultStatus.pass, result(container, "5.9"));
    }

    @Test
    void cis_5_9_container_with_published_ports_is_manual() {
        ScanResult result = result(hardened(), "5.9");
        assertStatus(ResultStatus.manual, result);
        assertTrue(result.evidence().contains("10.0.0.5:8080->8080/tcp"));
    }

    @Test
    void cis_5_14_container_bound_to_one_address_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.14"));
    }

    @Test
    void cis_5_14_container_published_on_all_interfaces_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.14"));
    }

    // ---- namespaces: 5.10, 5.16, 5.17, 5.21, 5.31 ----------------------------------------

    @Test
    void cis_5_10_container_on_a_user_defined_network_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.10"));
    }

    @Test
    void cis_5_10_container_on_the_host_network_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.NetworkMode", Json.value("host")), "5.10"));
    }

    @Test
    void cis_5_16_container_in_its_own_pid_namespace_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.16"));
    }

    @Test
    void cis_5_16_container_sharing_the_host_pid_namespace_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.PidMode", Json.value("host")), "5.16"));
    }

    @Test
    void cis_5_17_container_with_private_ipc_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.17"));
    }

    @Test
    void cis_5_17_container_sharing_the_host_ipc_namespace_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.IpcMode", Json.value("host")), "5.17"));
    }

    @Test
    void cis_5_21_container_with_its_own_uts_namespace_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.21"));
    }

    @Test
    void cis_5_21_container_sharing_the_host_uts_namespace_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.UTSMode", Json.value("host")), "5.21"));
    }

    @Test
    void cis_5_31_container_in_the_remapped_user_namespace_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.31"));
    }

    @Test
    void cis_5_31_container_sharing_the_host_user_namespace_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.UsernsMode", Json.value("host")), "5.31"));
    }

    // ---- limits: 5.11, 5.12, 5.13, 5.29 --------------------------------------------------

    @Test
    void cis_5_11_container_with_a_memory_limit_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.11"));
    }

    @Test
    void cis_5_11_container_without_a_memory_limit_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.11"));
    }

    @Test
    void cis_5_12_container_limited_by_nano_cpus_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.12"));
    }

    @Test
    void cis_5_12_container_limited_by_cpu_quota_passes() {
        JsonObject container = set(portainer(), "HostConfig.CpuQuota", Json.value(50000));
        assertStatus(ResultStatus.pass, result(container, "5.12"));
    }

    @Test
    void cis_5_12_container_with_cpu_shares_passes() {
        assertStatus(ResultStatus.pass, result(set(portainer(), "HostConfig.CpuShares", Json.value(512)), "5.12"));
    }

    @Test
    void cis_5_12_container_with_the_default_1024_cpu_shares_fails() {
        assertStatus(ResultStatus.fail, result(set(portainer(), "HostConfig.CpuShares", Json.value(1024)), "5.12"));
    }

    @Test
    void cis_5_12_container_without_any_cpu_limit_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.12"));
    }

    @Test
    void cis_5_13_container_with_a_read_only_root_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.13"));
    }

    @Test
    void cis_5_13_container_with_a_writable_root_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.13"));
    }

    @Test
    void cis_5_29_container_with_a_pids_limit_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.29"));
    }

    @Test
    void cis_5_29_container_with_pids_limit_minus_one_fails() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.PidsLimit", Json.value(-1)), "5.29"));
    }

    // ---- 5.15 ----------------------------------------------------------------------------

    @Test
    void cis_5_15_container_restarting_on_failure_five_times_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.15"));
    }

    @Test
    void cis_5_15_container_restarting_always_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.15"));
    }

    @Test
    void cis_5_15_container_restarting_on_failure_without_limit_fails() {
        JsonObject container = set(
                hardened(),
                "HostConfig.RestartPolicy",
                Json.object().add("Name", "on-failure").add("MaximumRetryCount", 0));
        assertStatus(ResultStatus.fail, result(container, "5.15"));
    }

    // ---- 5.18, 5.19, 5.20 ----------------------------------------------------------------

    @Test
    void cis_5_18_container_without_host_devices_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.18"));
    }

    @Test
    void cis_5_18_container_with_a_host_device_fails() {
        JsonObject container = set(
                hardened(),
                "HostConfig.Devices",
                array(Json.object()
                        .add("PathOnHost", "/dev/fuse")
                        .add("PathInContainer", "/dev/fuse")
                        .add("CgroupPermissions", "rwm")));
        assertStatus(ResultStatus.fail, result(container, "5.18"));
    }

    @Test
    void cis_5_19_container_with_default_ulimits_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.19"));
    }

    @Test
    void cis_5_19_container_overriding_ulimits_is_manual() {
        JsonObject container = set(
                hardened(),
                "HostConfig.Ulimits",
                array(Json.object().add("Name", "nofile").add("Soft", 1024).add("Hard", 2048)));
        assertStatus(ResultStatus.manual, result(container, "5.19"));
    }

    @Test
    void cis_5_20_container_with_private_propagation_passes() {
        assertStatus(ResultStatus.pass, result(portainer(), "5.20"));
    }

    @Test
    void cis_5_20_container_with_shared_propagation_fails() {
        JsonObject container = set(hardened(), "HostConfig.Binds", strings("/srv/data:/data:rshared"));
        assertStatus(ResultStatus.fail, result(container, "5.20"));
    }

    // ---- 5.22, 5.26 ----------------------------------------------------------------------

    @Test
    void cis_5_22_container_with_the_default_seccomp_profile_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.22"));
    }

    @Test
    void cis_5_22_container_with_seccomp_unconfined_fails() {
        JsonObject container = set(hardened(), "HostConfig.SecurityOpt", strings("seccomp=unconfined"));
        assertStatus(ResultStatus.fail, result(container, "5.22"));
    }

    @Test
    void cis_5_22_privileged_container_fails_because_it_runs_without_seccomp() {
        assertStatus(ResultStatus.fail, result(set(hardened(), "HostConfig.Privileged", Json.TRUE), "5.22"));
    }

    @Test
    void cis_5_26_container_with_no_new_privileges_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.26"));
    }

    @Test
    void cis_5_26_container_without_no_new_privileges_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.26"));
    }

    @Test
    void cis_5_26_container_on_a_daemon_defaulting_to_no_new_privileges_passes() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(portainer().toString()),
                new DaemonSecurity(true, Set.of("no-new-privileges")),
                Optional.empty(),
                Optional.empty());
        assertStatus(ResultStatus.pass, result(facts, "5.26"));
    }

    // ---- exec: 5.23, 5.24 ----------------------------------------------------------------

    @Test
    void cis_5_23_privileged_exec_session_fails() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(hardened().toString()),
                DaemonSecurity.UNKNOWN,
                Optional.empty(),
                Optional.of(List.of(new ExecSession("1ca2ca598fab", true, "101"))));
        assertStatus(ResultStatus.fail, result(facts, "5.23"));
    }

    @Test
    void cis_5_23_without_privileged_sessions_is_manual_because_history_is_in_the_audit_log() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(hardened().toString()),
                DaemonSecurity.UNKNOWN,
                Optional.empty(),
                Optional.of(List.of(new ExecSession("1ca2ca598fab", false, "101"))));
        assertStatus(ResultStatus.manual, result(facts, "5.23"));
    }

    @Test
    void cis_5_24_exec_session_as_root_fails() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(hardened().toString()),
                DaemonSecurity.UNKNOWN,
                Optional.empty(),
                Optional.of(List.of(new ExecSession("1ca2ca598fab", false, "root"))));
        assertStatus(ResultStatus.fail, result(facts, "5.24"));
    }

    @Test
    void cis_5_24_exec_session_with_the_containers_non_root_user_is_manual() {
        ContainerFacts facts = new ContainerFacts(
                Node.parse(hardened().toString()),
                DaemonSecurity.UNKNOWN,
                Optional.empty(),
                Optional.of(List.of(new ExecSession("1ca2ca598fab", false, ""))));
        assertStatus(ResultStatus.manual, result(facts, "5.24"));
    }

    // ---- 5.25, 5.27, 5.28, 5.30, 5.32 ----------------------------------------------------

    @Test
    void cis_5_25_container_with_the_default_cgroup_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.25"));
    }

    @Test
    void cis_5_25_container_with_a_cgroup_parent_is_manual() {
        JsonObject container = set(hardened(), "HostConfig.CgroupParent", Json.value("/batch"));
        assertStatus(ResultStatus.manual, result(container, "5.25"));
    }

    @Test
    void cis_5_27_healthy_container_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.27"));
    }

    @Test
    void cis_5_27_container_without_health_check_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.27"));
    }

    @Test
    void cis_5_27_container_with_health_check_disabled_fails() {
        JsonObject container =
                set(hardened(), "Config.Healthcheck", Json.object().add("Test", strings("NONE")));
        assertStatus(ResultStatus.fail, result(container, "5.27"));
    }

    @Test
    void cis_5_28_container_pinned_by_digest_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.28"));
    }

    @Test
    void cis_5_28_container_running_a_tag_is_manual() {
        assertStatus(ResultStatus.manual, result(portainer(), "5.28"));
    }

    @Test
    void cis_5_30_container_on_a_user_defined_network_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.30"));
    }

    @Test
    void cis_5_30_container_on_the_default_bridge_fails() {
        assertStatus(ResultStatus.fail, result(portainer(), "5.30"));
    }

    @Test
    void cis_5_32_container_without_the_docker_socket_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "5.32"));
    }

    @Test
    void cis_5_32_container_mounting_the_docker_socket_fails() {
        assertStatus(ResultStatus.fail, result(Fixtures.docker("watchtower_container_watchtower.json"), "5.32"));
    }

    @Test
    void cis_5_32_container_mounting_the_directory_holding_the_socket_fails() {
        JsonObject container = set(hardened(), "HostConfig.Binds", strings("/var/run:/host-run:ro"));
        assertStatus(ResultStatus.fail, result(container, "5.32"));
    }

    // ---- PL-1 ----------------------------------------------------------------------------

    @Test
    void pl_1_container_without_secrets_in_its_environment_passes() {
        assertStatus(ResultStatus.pass, result(hardened(), "PL-1"));
    }

    @Test
    void pl_1_container_with_a_password_variable_fails_without_revealing_the_value() {
        JsonObject container = set(
                hardened(), "Config.Env", strings("PATH=/usr/bin", "POSTGRES_PASSWORD=correct-horse-battery-staple"));
        ScanResult result = result(container, "PL-1");
        assertStatus(ResultStatus.fail, result);
        assertTrue(result.evidence().contains("POSTGRES_PASSWORD"));
        assertFalse(result.evidence().contains("correct-horse"), result.evidence());
    }

    @Test
    void pl_1_container_with_an_aws_key_under_an_innocent_name_fails() {
        JsonObject container = set(hardened(), "Config.Env", strings("UPLOAD_ID=AKIAIOSFODNN7EXAMPLE"));
        ScanResult result = result(container, "PL-1");
        assertStatus(ResultStatus.fail, result);
        assertFalse(result.evidence().contains("AKIAIOSFODNN7EXAMPLE"));
    }

    @Test
    void pl_1_container_with_a_random_token_value_fails() {
        JsonObject container = set(hardened(), "Config.Env", strings("UPSTREAM=q8Zr3T0vXm2LkP9sWb7Yc4Nd6Hf1Jg5A"));
        assertStatus(ResultStatus.fail, result(container, "PL-1"));
    }

    @Test
    void pl_1_container_with_a_database_url_holding_a_password_fails() {
        JsonObject container = set(hardened(), "Config.Env", strings("DATABASE_URL=postgres://app:s3cret@db:5432/app"));
        assertStatus(ResultStatus.fail, result(container, "PL-1"));
    }

    @Test
    void pl_1_checksums_versions_and_secret_file_paths_are_not_secrets() {
        JsonObject container = set(
                hardened(),
                "Config.Env",
                strings(
                        "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
                        "PYTHON_SHA256=bfb249609990220491a1b92850a07135ed0831e41738cf681d63cf01b2a8fbd1",
                        "PASSWORD_FILE=/run/secrets/db",
                        "TOKEN_TTL=3600",
                        "JAVA_VERSION=jdk-21.0.5+11"));
        assertStatus(ResultStatus.pass, result(container, "PL-1"));
    }
}
