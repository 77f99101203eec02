package dev.plimsoll.collector.check;

import static dev.plimsoll.collector.testing.Fixtures.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import org.junit.jupiter.api.Test;

class OperationsAndSwarmChecksTest extends ScannedHost {

    private void manager(int managers) {
        set(docker.info, "Swarm.LocalNodeState", Json.value("active"));
        set(docker.info, "Swarm.NodeAddr", Json.value("10.0.0.5"));
        docker.swarm = Json.object()
                .add("ID", "abajmipo7b4xz5ip2nrla6b11")
                .add(
                        "Spec",
                        Json.object()
                                .add("EncryptionConfig", Json.object().add("AutoLockManagers", true))
                                .add("CAConfig", Json.object().add("NodeCertExpiry", 7776000000000000L)));
        docker.swarmNodes = Json.array();
        for (int i = 0; i < managers; i++) {
            docker.swarmNodes.add(Json.object()
                    .add("ID", "node" + i)
                    .add("Spec", Json.object().add("Role", "manager").add("Availability", "active")));
        }
        docker.swarmNodes.add(
                Json.object().add("ID", "worker").add("Spec", Json.object().add("Role", "worker")));
        docker.swarmSecrets = Json.array();
    }

    private static String tcpTable(String localAddress) {
        return "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: " + localAddress + " 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0"
                + " 31245 1 0000000000000000 100 0 0 10 0\n";
    }

    @Test
    void cis_6_1_image_sprawl_is_counted_for_a_person_to_weigh() throws Exception {
        ScanResult result = assertStatus(ResultStatus.info, hostResult("6.1"));
        assertEquals("1 images, 1 used by containers", result.evidence());
    }

    @Test
    void cis_6_2_container_sprawl_is_counted_for_a_person_to_weigh() throws Exception {
        docker.stoppedContainers.add(Json.object().add("Id", "dead").add("ImageID", "sha256:none"));
        ScanResult result = assertStatus(ResultStatus.info, hostResult("6.2"));
        assertEquals("2 containers, 1 running", result.evidence());
    }

    @Test
    void section_7_is_skipped_when_swarm_mode_is_off() throws Exception {
        for (String control : new String[] {"7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9"}) {
            assertStatus(ResultStatus.skip, hostResult(control));
        }
    }

    @Test
    void cis_7_1_three_managers_pass() throws Exception {
        manager(3);
        assertStatus(ResultStatus.pass, hostResult("7.1"));
    }

    @Test
    void cis_7_1_two_managers_fail() throws Exception {
        manager(2);
        assertStatus(ResultStatus.fail, hostResult("7.1"));
    }

    @Test
    void cis_7_1_is_skipped_on_a_worker() throws Exception {
        manager(1);
        docker.swarm = null;
        docker.swarmNodes = null;
        assertStatus(ResultStatus.skip, hostResult("7.1"));
    }

    @Test
    void cis_7_2_management_port_on_one_address_passes() throws Exception {
        manager(1);
        host.file("/proc/1/net/tcp", tcpTable("0500000A:0949"), 0444);
        assertStatus(ResultStatus.pass, hostResult("7.2"));
    }

    @Test
    void cis_7_2_management_port_on_every_interface_fails() throws Exception {
        manager(1);
        host.file("/proc/1/net/tcp", tcpTable("00000000:0949"), 0444);
        assertStatus(ResultStatus.fail, hostResult("7.2"));
    }

    @Test
    void cis_7_3_encrypted_overlay_network_passes() throws Exception {
        manager(1);
        docker.networks.add(overlay("backend", true));
        assertStatus(ResultStatus.pass, hostResult("7.3"));
    }

    @Test
    void cis_7_3_unencrypted_overlay_network_fails() throws Exception {
        manager(1);
        docker.networks.add(overlay("backend", false));
        assertStatus(ResultStatus.fail, hostResult("7.3"));
    }

    @Test
    void cis_7_4_swarm_secrets_pass() throws Exception {
        manager(1);
        docker.swarmSecrets.add(
                Json.object().add("ID", "s1").add("Spec", Json.object().add("Name", "db")));
        assertStatus(ResultStatus.pass, hostResult("7.4"));
    }

    @Test
    void cis_7_4_no_swarm_secrets_is_manual() throws Exception {
        manager(1);
        assertStatus(ResultStatus.manual, hostResult("7.4"));
    }

    @Test
    void cis_7_5_auto_lock_passes() throws Exception {
        manager(1);
        assertStatus(ResultStatus.pass, hostResult("7.5"));
    }

    @Test
    void cis_7_5_without_auto_lock_fails() throws Exception {
        manager(1);
        set(docker.swarm, "Spec.EncryptionConfig.AutoLockManagers", Json.FALSE);
        assertStatus(ResultStatus.fail, hostResult("7.5"));
    }

    @Test
    void cis_7_6_key_rotation_is_manual() throws Exception {
        manager(1);
        assertStatus(ResultStatus.manual, hostResult("7.6"));
    }

    @Test
    void cis_7_7_certificate_expiry_is_shown_for_a_person_to_judge() throws Exception {
        manager(1);
        ScanResult result = assertStatus(ResultStatus.manual, hostResult("7.7"));
        assertEquals(true, result.evidence().contains("2160 hours"), result.evidence());
    }

    @Test
    void cis_7_8_ca_rotation_is_manual() throws Exception {
        manager(1);
        assertStatus(ResultStatus.manual, hostResult("7.8"));
    }

    @Test
    void cis_7_9_plane_separation_is_manual() throws Exception {
        manager(1);
        assertStatus(ResultStatus.manual, hostResult("7.9"));
    }

    private static JsonObject overlay(String name, boolean encrypted) {
        JsonObject options = Json.object().add("com.docker.network.driver.overlay.vxlanid_list", "4097");
        if (encrypted) {
            options.add("encrypted", "");
        }
        return Json.object()
                .add("Name", name)
                .add("Driver", "overlay")
                .add("Scope", "swarm")
                .add("Options", options);
    }
}
