package dev.plimsoll.collector.check;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plimsoll.collector.testing.FakeHost;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import org.junit.jupiter.api.Test;

class DaemonFileChecksTest extends ScannedHost {

    private static void assumeRoot() {
        assumeTrue(FakeHost.canChangeOwners(), "changing file owners needs root");
    }

    @Test
    void cis_3_1_docker_service_owned_by_root_passes() throws Exception {
        assumeRoot();
        assertStatus(ResultStatus.pass, hostResult("3.1"));
    }

    @Test
    void cis_3_1_docker_service_owned_by_a_user_fails() throws Exception {
        assumeRoot();
        host.owner("/lib/systemd/system/docker.service", 1000, 0);
        assertStatus(ResultStatus.fail, hostResult("3.1"));
    }

    @Test
    void cis_3_1_is_skipped_without_a_docker_service_unit() throws Exception {
        host.delete("/lib/systemd/system/docker.service");
        assertStatus(ResultStatus.skip, hostResult("3.1"));
    }

    @Test
    void cis_3_2_docker_service_mode_644_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("3.2"));
    }

    @Test
    void cis_3_2_docker_service_mode_606_fails_although_606_is_less_than_644() throws Exception {
        host.mode("/lib/systemd/system/docker.service", 0606);
        ScanResult result = assertStatus(ResultStatus.fail, hostResult("3.2"));
        assertTrue(result.evidence().contains("sets 002 beyond 644"), result.evidence());
    }

    @Test
    void cis_3_2_unit_in_etc_systemd_takes_precedence() throws Exception {
        host.file("/etc/systemd/system/docker.service", "[Service]\n", 0664);
        ScanResult result = assertStatus(ResultStatus.fail, hostResult("3.2"));
        assertTrue(result.evidence().startsWith("/etc/systemd/system/docker.service"), result.evidence());
    }

    @Test
    void cis_3_3_docker_socket_unit_owned_by_root_passes() throws Exception {
        assumeRoot();
        assertStatus(ResultStatus.pass, hostResult("3.3"));
    }

    @Test
    void cis_3_4_docker_socket_unit_mode_600_passes() throws Exception {
        host.mode("/lib/systemd/system/docker.socket", 0600);
        assertStatus(ResultStatus.pass, hostResult("3.4"));
    }

    @Test
    void cis_3_4_group_writable_docker_socket_unit_fails() throws Exception {
        host.mode("/lib/systemd/system/docker.socket", 0664);
        assertStatus(ResultStatus.fail, hostResult("3.4"));
    }

    @Test
    void cis_3_5_etc_docker_owned_by_root_passes() throws Exception {
        assumeRoot();
        assertStatus(ResultStatus.pass, hostResult("3.5"));
    }

    @Test
    void cis_3_5_etc_docker_in_a_users_group_fails() throws Exception {
        assumeRoot();
        host.owner("/etc/docker", 0, 1000);
        assertStatus(ResultStatus.fail, hostResult("3.5"));
    }

    @Test
    void cis_3_6_etc_docker_mode_755_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("3.6"));
    }

    @Test
    void cis_3_6_world_writable_etc_docker_fails() throws Exception {
        host.mode("/etc/docker", 0777);
        assertStatus(ResultStatus.fail, hostResult("3.6"));
    }

    @Test
    void cis_3_7_is_skipped_without_registry_certificates() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("3.7"));
    }

    @Test
    void cis_3_7_registry_certificate_owned_by_a_user_fails() throws Exception {
        assumeRoot();
        host.file("/etc/docker/certs.d/registry.example.com:5000/ca.crt", "cert", 0444)
                .owner("/etc/docker/certs.d/registry.example.com:5000/ca.crt", 1000, 1000);
        assertStatus(ResultStatus.fail, hostResult("3.7"));
    }

    @Test
    void cis_3_8_registry_certificates_mode_444_pass() throws Exception {
        host.file("/etc/docker/certs.d/registry.example.com:5000/ca.crt", "cert", 0444);
        assertStatus(ResultStatus.pass, hostResult("3.8"));
    }

    @Test
    void cis_3_8_writable_registry_certificate_fails() throws Exception {
        host.file("/etc/docker/certs.d/registry.example.com:5000/ca.crt", "cert", 0444)
                .file("/etc/docker/certs.d/registry.example.com:5000/client.cert", "cert", 0644);
        ScanResult result = assertStatus(ResultStatus.fail, hostResult("3.8"));
        assertTrue(result.evidence().contains("client.cert"), result.evidence());
    }

    @Test
    void cis_3_9_is_skipped_without_tls() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("3.9"));
    }

    @Test
    void cis_3_9_tls_ca_certificate_owned_by_root_passes() throws Exception {
        assumeRoot();
        tls(0444, 0444, 0400);
        assertStatus(ResultStatus.pass, hostResult("3.9"));
    }

    @Test
    void cis_3_10_tls_ca_certificate_mode_444_passes() throws Exception {
        tls(0444, 0444, 0400);
        assertStatus(ResultStatus.pass, hostResult("3.10"));
    }

    @Test
    void cis_3_10_tls_ca_certificate_mode_644_fails() throws Exception {
        tls(0644, 0444, 0400);
        assertStatus(ResultStatus.fail, hostResult("3.10"));
    }

    @Test
    void cis_3_11_server_certificate_owned_by_a_user_fails() throws Exception {
        assumeRoot();
        tls(0444, 0444, 0400);
        host.owner("/etc/docker/tls/server.pem", 1000, 0);
        assertStatus(ResultStatus.fail, hostResult("3.11"));
    }

    @Test
    void cis_3_12_server_certificate_mode_444_passes() throws Exception {
        tls(0444, 0444, 0400);
        assertStatus(ResultStatus.pass, hostResult("3.12"));
    }

    @Test
    void cis_3_13_server_key_owned_by_root_passes() throws Exception {
        assumeRoot();
        tls(0444, 0444, 0400);
        assertStatus(ResultStatus.pass, hostResult("3.13"));
    }

    @Test
    void cis_3_14_server_key_mode_400_passes() throws Exception {
        tls(0444, 0444, 0400);
        assertStatus(ResultStatus.pass, hostResult("3.14"));
    }

    @Test
    void cis_3_14_group_readable_server_key_fails() throws Exception {
        tls(0444, 0444, 0440);
        assertStatus(ResultStatus.fail, hostResult("3.14"));
    }

    @Test
    void cis_3_15_docker_socket_owned_by_root_and_the_docker_group_passes() throws Exception {
        assumeRoot();
        assertStatus(ResultStatus.pass, hostResult("3.15"));
    }

    @Test
    void cis_3_15_docker_socket_owned_by_a_user_fails() throws Exception {
        assumeRoot();
        host.owner("/run/docker.sock", 1000, FakeHost.DOCKER_GID);
        assertStatus(ResultStatus.fail, hostResult("3.15"));
    }

    @Test
    void cis_3_16_docker_socket_mode_660_passes_through_the_var_run_link() throws Exception {
        ScanResult result = assertStatus(ResultStatus.pass, hostResult("3.16"));
        assertTrue(result.evidence().contains("mode 660"), result.evidence());
    }

    @Test
    void cis_3_16_world_accessible_docker_socket_fails() throws Exception {
        host.mode("/run/docker.sock", 0666);
        assertStatus(ResultStatus.fail, hostResult("3.16"));
    }

    @Test
    void cis_3_17_daemon_json_owned_by_root_passes() throws Exception {
        assumeRoot();
        assertStatus(ResultStatus.pass, hostResult("3.17"));
    }

    @Test
    void cis_3_18_daemon_json_mode_644_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("3.18"));
    }

    @Test
    void cis_3_18_daemon_json_mode_606_fails_where_docker_bench_passes_it() throws Exception {
        host.mode("/etc/docker/daemon.json", 0606);
        assertStatus(ResultStatus.fail, hostResult("3.18"));
    }

    @Test
    void cis_3_19_is_skipped_without_etc_default_docker() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("3.19"));
    }

    @Test
    void cis_3_20_etc_default_docker_mode_644_passes() throws Exception {
        host.file("/etc/default/docker", "DOCKER_OPTS=\n", 0644);
        assertStatus(ResultStatus.pass, hostResult("3.20"));
    }

    @Test
    void cis_3_20_etc_default_docker_mode_664_fails() throws Exception {
        host.file("/etc/default/docker", "DOCKER_OPTS=\n", 0664);
        assertStatus(ResultStatus.fail, hostResult("3.20"));
    }

    @Test
    void cis_3_21_etc_sysconfig_docker_mode_640_passes() throws Exception {
        host.file("/etc/sysconfig/docker", "OPTIONS=\n", 0640);
        assertStatus(ResultStatus.pass, hostResult("3.21"));
    }

    @Test
    void cis_3_22_is_skipped_without_etc_sysconfig_docker() throws Exception {
        assertStatus(ResultStatus.skip, hostResult("3.22"));
    }

    @Test
    void cis_3_23_containerd_socket_owned_by_root_passes() throws Exception {
        assumeRoot();
        assertStatus(ResultStatus.pass, hostResult("3.23"));
    }

    @Test
    void cis_3_24_containerd_socket_mode_660_passes() throws Exception {
        assertStatus(ResultStatus.pass, hostResult("3.24"));
    }

    @Test
    void cis_3_24_containerd_socket_mode_666_fails() throws Exception {
        host.mode("/run/containerd/containerd.sock", 0666);
        assertStatus(ResultStatus.fail, hostResult("3.24"));
    }

    /** TLS set up in daemon.json with the given modes for CA, certificate and key. */
    private void tls(int caMode, int certMode, int keyMode) {
        host.file("/etc/docker/tls/ca.pem", "ca", caMode)
                .file("/etc/docker/tls/server.pem", "cert", certMode)
                .file("/etc/docker/tls/server-key.pem", "key", keyMode)
                .file("/etc/docker/daemon.json", """
                        {
                          "tlsverify": true,
                          "tlscacert": "/etc/docker/tls/ca.pem",
                          "tlscert": "/etc/docker/tls/server.pem",
                          "tlskey": "/etc/docker/tls/server-key.pem"
                        }
                        """, 0644);
    }
}
