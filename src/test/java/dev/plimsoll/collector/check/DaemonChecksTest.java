package dev.plimsoll.collector.check;

import static dev.plimsoll.collector.testing.Fixtures.set;
import static dev.plimsoll.collector.testing.Fixtures.strings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.plimsoll.collector.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import org.junit.jupiter.api.Test;

class DaemonChecksTest extends ScannedHost {

    private void daemonJson(String json) {
        host.file("/etc/docker/daemon.json", json, 0644);
    }

    private void dockerdArguments(String... arguments) {
        String[] commandLine = new String[arguments.length + 1];
        commandLine[0] = "/usr/bin/dockerd";
        System.arraycopy(arguments, 0, commandLine, 1, arguments.length);
        host.process(412, "dockerd", commandLine);
    }

    private JsonObject bridge() {
        return docker.networks.get(0).asObject();
    }

    @Test
    void cis_2_1_rootless_daemon_passes() throws Exception {
        docker.info.set("SecurityOptions", strings("name=seccomp,profile=builtin", "name=rootless"));
        assertStatus(ResultStatus.pass, hostResult("2.1"));
    }

    @Test
    void cis_2_1_daemon_running_as_root_is_manual() throws Exception {
        assertStatus(ResultStatus.manual, hostResult("2.1"));
    }

    @Test
    void cis_2_2_bridge_without_inter_container_traffic_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.2"));
    }

    @Test
    void cis_2_2_bridge_allowing_inter_container_traffic_fails() throws Exception {
        bridge().get("Options").asObject().set("com.docker.network.bridge.enable_icc", "true");
        assertStatus(ResultStatus.fail, hostResult("2.2"));
    }

    @Test
    void cis_2_2_without_the_bridge_network_daemon_json_decides() throws Exception {
        docker.networks.remove(0);
        daemonJson("{\"icc\": true}");
        assertStatus(ResultStatus.fail, hostResult("2.2"));
    }

    @Test
    void cis_2_3_info_log_level_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.3"));
    }

    @Test
    void cis_2_3_debug_log_level_on_the_command_line_fails() throws Exception {
        daemonJson("{}");
        dockerdArguments("-H", "fd://", "--log-level", "debug");
        ScanResult result = assertStatus(ResultStatus.fail, hostResult("2.3"));
        assertTrue(result.evidence().contains("dockerd --log-level=debug"), result.evidence());
    }

    @Test
    void cis_2_4_default_iptables_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.4"));
    }

    @Test
    void cis_2_4_iptables_false_fails() throws Exception {
        daemonJson("{\"iptables\": false}");
        assertStatus(ResultStatus.fail, hostResult("2.4"));
    }

    @Test
    void cis_2_5_only_the_loopback_range_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.5"));
    }

    @Test
    void cis_2_5_insecure_registry_fails() throws Exception {
        JsonObject registries = docker.info.get("RegistryConfig").asObject();
        registries.set("InsecureRegistryCIDRs", strings("127.0.0.0/8", "10.20.0.0/16"));
        ScanResult result = assertStatus(ResultStatus.fail, hostResult("2.5"));
        assertTrue(result.evidence().contains("10.20.0.0/16"));
    }

    @Test
    void cis_2_5_registry_marked_not_secure_in_old_info_fails() throws Exception {
        JsonObject oldInfo = Fixtures.docker("docker-java_samples_1.22_info_2.json");
        docker.info.set("RegistryConfig", oldInfo.get("RegistryConfig"));
        assertStatus(ResultStatus.fail, hostResult("2.5"));
    }

    @Test
    void cis_2_6_overlay2_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.6"));
    }

    @Test
    void cis_2_6_aufs_fails() throws Exception {
        docker.info.set("Driver", "aufs");
        assertStatus(ResultStatus.fail, hostResult("2.6"));
    }

    @Test
    void cis_2_7_is_skipped_without_a_tcp_listener() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("2.7"));
    }

    @Test
    void cis_2_7_tcp_listener_with_tlsverify_passes() throws Exception {
        dockerdArguments("-H", "fd://", "-H", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert=/etc/docker/ca.pem");
        assertStatus(ResultStatus.pass, hostResult("2.7"));
    }

    @Test
    void cis_2_7_tcp_listener_without_tls_fails() throws Exception {
        daemonJson("{\"hosts\": [\"unix:///var/run/docker.sock\", \"tcp://0.0.0.0:2375\"]}");
        assertStatus(ResultStatus.fail, hostResult("2.7"));
    }

    @Test
    void cis_2_8_default_ulimits_pass() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.8"));
    }

    @Test
    void cis_2_8_no_default_ulimits_is_manual() throws Exception {
        daemonJson("{}");
        assertStatus(ResultStatus.manual, hostResult("2.8"));
    }

    @Test
    void cis_2_9_userns_remap_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.9"));
    }

    @Test
    void cis_2_9_no_userns_remap_fails() throws Exception {
        docker.info.set("SecurityOptions", strings("name=apparmor", "name=seccomp,profile=builtin"));
        daemonJson("{}");
        assertStatus(ResultStatus.fail, hostResult("2.9"));
    }

    @Test
    void cis_2_10_default_cgroup_parent_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.10"));
    }

    @Test
    void cis_2_10_custom_cgroup_parent_is_manual() throws Exception {
        daemonJson("{\"cgroup-parent\": \"/docker-batch\"}");
        assertStatus(ResultStatus.manual, hostResult("2.10"));
    }

    @Test
    void cis_2_11_unchanged_base_device_size_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.11"));
    }

    @Test
    void cis_2_11_changed_base_device_size_fails() throws Exception {
        daemonJson("{\"storage-opts\": [\"dm.basesize=50G\"]}");
        assertStatus(ResultStatus.fail, hostResult("2.11"));
    }

    @Test
    void cis_2_12_authorization_plugin_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.12"));
    }

    @Test
    void cis_2_12_no_authorization_plugin_fails() throws Exception {
        docker.info.get("Plugins").asObject().set("Authorization", Json.NULL);
        assertStatus(ResultStatus.fail, hostResult("2.12"));
    }

    @Test
    void cis_2_13_syslog_logging_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.13"));
    }

    @Test
    void cis_2_13_local_logging_driver_fails_where_docker_bench_would_pass() throws Exception {
        docker.info.set("LoggingDriver", "local");
        assertStatus(ResultStatus.fail, hostResult("2.13"));
    }

    @Test
    void cis_2_14_daemon_wide_no_new_privileges_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.14"));
    }

    @Test
    void cis_2_14_without_no_new_privileges_fails() throws Exception {
        docker.info.set("SecurityOptions", strings("name=apparmor", "name=seccomp,profile=builtin"));
        daemonJson("{}");
        assertStatus(ResultStatus.fail, hostResult("2.14"));
    }

    @Test
    void cis_2_15_live_restore_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.15"));
    }

    @Test
    void cis_2_15_without_live_restore_fails() throws Exception {
        docker.info.set("LiveRestoreEnabled", false);
        assertStatus(ResultStatus.fail, hostResult("2.15"));
    }

    @Test
    void cis_2_15_is_skipped_in_swarm_mode() throws Exception {
        docker.info.set("LiveRestoreEnabled", false);
        set(docker.info, "Swarm.LocalNodeState", Json.value("active"));
        assertStatus(ResultStatus.skip, hostResult("2.15"));
    }

    @Test
    void cis_2_16_userland_proxy_off_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.16"));
    }

    @Test
    void cis_2_16_default_userland_proxy_fails() throws Exception {
        daemonJson("{}");
        assertStatus(ResultStatus.fail, hostResult("2.16"));
    }

    @Test
    void cis_2_16_unreadable_daemon_json_is_an_error() throws Exception {
        daemonJson("{\"userland-proxy\": false,");
        ScanResult result = assertStatus(ResultStatus.error, hostResult("2.16"));
        assertTrue(result.evidence().contains("daemon.json is not valid JSON"), result.evidence());
    }

    @Test
    void cis_2_17_builtin_seccomp_profile_is_the_default_profile_and_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.17"));
    }

    @Test
    void cis_2_17_old_default_profile_name_passes() throws Exception {
        docker.info.set("SecurityOptions", strings("name=seccomp,profile=default"));
        assertStatus(ResultStatus.pass, hostResult("2.17"));
    }

    @Test
    void cis_2_17_daemon_without_seccomp_fails() throws Exception {
        docker.info.set("SecurityOptions", strings("name=apparmor"));
        assertStatus(ResultStatus.fail, hostResult("2.17"));
    }

    @Test
    void cis_2_18_stable_features_pass() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("2.18"));
    }

    @Test
    void cis_2_18_experimental_daemon_fails() throws Exception {
        docker.version.set("Experimental", true);
        assertStatus(ResultStatus.fail, hostResult("2.18"));
    }

    @Test
    void cis_5_1_swarm_mode_off_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("5.1"));
    }

    @Test
    void cis_5_1_active_swarm_is_manual() throws Exception {
        set(docker.info, "Swarm.LocalNodeState", Json.value("active"));
        assertStatus(ResultStatus.manual, hostResult("5.1"));
    }
}
