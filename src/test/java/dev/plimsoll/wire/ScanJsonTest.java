package dev.plimsoll.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eclipsesource.json.Json;
import dev.plimsoll.wire.json.JsonShapeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ScanJsonTest {

    private static ScanDocument document() {
        return new ScanDocument(
                "7d1c6a52-3f0e-4a55-9a43-0b7f3a1e9c10",
                ScanBenchmark.CIS_DOCKER_1_6_0,
                new ScanHost("4f3a", "web-01", "Debian 12", "27.3.1", Map.of("env", "prod")),
                new ScanCollector("plimsoll-collector", "0.1.0"),
                Instant.parse("2026-11-28T10:00:00Z"),
                Instant.parse("2026-11-28T10:00:04Z"),
                List.of(
                        new ScanResult("2.2", ResultStatus.pass, ScanTarget.host(), "daemon.json icc=false", null),
                        new ScanResult(
                                "5.5",
                                ResultStatus.fail,
                                ScanTarget.container("9f8e", "web", "nginx:1.27", "sha256:abc"),
                                "HostConfig.Privileged=true",
                                "Run the container without --privileged.")));
    }

    @Test
    void a_document_survives_writing_and_reading() {
        assertEquals(document(), ScanJson.read(ScanJson.write(document())));
    }

    @Test
    void statuses_and_kinds_are_written_in_lower_case_and_absent_fields_are_left_out() {
        String json = ScanJson.write(document());
        assertEquals(true, json.contains("\"status\":\"fail\""));
        assertEquals(true, json.contains("\"target\":{\"kind\":\"host\"}"));
        assertFalse(json.contains("null"), json);
    }

    @Test
    void an_unknown_status_is_refused_with_its_location() {
        String json = ScanJson.write(document()).replace("\"status\":\"fail\"", "\"status\":\"broken\"");
        JsonShapeException e = assertThrows(JsonShapeException.class, () -> ScanJson.read(json));
        assertEquals("/results/1/status", e.pointer());
    }

    @Test
    void a_missing_scan_id_is_refused_with_its_location() {
        String json = ScanJson.write(document()).replace("\"scanId\":", "\"id\":");
        assertEquals(
                "/scanId",
                assertThrows(JsonShapeException.class, () -> ScanJson.read(json))
                        .pointer());
    }

    @Test
    void a_truncated_document_is_refused_where_it_ends() {
        String json = ScanJson.write(document());
        String truncated = json.substring(0, json.indexOf("\"evidence\":\"HostConfig") + 15);
        JsonShapeException e = assertThrows(JsonShapeException.class, () -> ScanJson.read(truncated));
        assertEquals("/results/1/evidence", e.pointer());
    }

    @Property(tries = 500)
    void the_compact_text_is_the_text_of_the_json_tree_for_any_document(@ForAll long seed) {
        ScanDocument document = RandomDocuments.random(new Random(seed));
        assertEquals(Json.parse(ScanJson.writePretty(document)).toString(), ScanJson.write(document));
    }

    @Test
    void labels_are_written_in_name_order_whatever_order_they_came_in() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String name : List.of("zone", "env", "team", "app", "rack", "os")) {
            labels.put(name, name.toUpperCase(java.util.Locale.ROOT));
        }
        ScanDocument document = document();
        ScanHost host = new ScanHost("4f3a", null, null, null, labels);
        String json = ScanJson.write(new ScanDocument(
                document.scanId(),
                document.benchmark(),
                host,
                document.collector(),
                document.startedAt(),
                document.finishedAt(),
                document.results()));
        assertEquals(
                true,
                json.contains("\"labels\":{\"app\":\"APP\",\"env\":\"ENV\",\"os\":\"OS\",\"rack\":\"RACK\","
                        + "\"team\":\"TEAM\",\"zone\":\"ZONE\"}"),
                json);
    }
}
