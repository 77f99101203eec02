package dev.plimsoll.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.TargetKind;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a native scan document in one pass over its tokens, straight into the records, for the
 * documents collectors send: well-formed and of the right shape. Whenever anything is out of the
 * ordinary (malformed JSON, a missing or mistyped field, a key given twice, nesting deeper than
 * allowed) it answers {@code null} without saying why; the caller then reads the text with {@link
 * ScanJson#read}, whose refusal names the field. For every text it answers a document for, it
 * answers the one {@link ScanJson#read} does, which tests hold it to.
 */
final class NativeScanReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    /** Thrown to leave the fast path; never escapes this class. */
    private static final class Unusual extends Exception {
        private static final Unusual INSTANCE = new Unusual();

        private Unusual() {
            super(null, null, false, false);
        }
    }

    private final JsonParser json;
    private final int maxDepth;
    private ScanTarget lastTarget;

    private NativeScanReader(JsonParser json, int maxDepth) {
        this.json = json;
        this.maxDepth = maxDepth;
    }

    /** The document, or {@code null} when the text needs the full reader to say what is wrong. */
    static ScanDocument tryRead(String text, int maxDepth) {
        if (!startsPlainly(text) || maxDepth < 4) {
            return null;
        }
        try (JsonParser json = JSON.createParser(text)) {
            return new NativeScanReader(json, maxDepth).document();
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    /** An object after JSON whitespace only: no byte-order mark, nothing the full reader would refuse first. */
    private static boolean startsPlainly(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return false;
    }

    private ScanDocument document() throws IOException, Unusual {
        expect(json.nextToken() == JsonToken.START_OBJECT);
        String scanId = null;
        String startedAt = null;
        String finishedAt = null;
        ScanBenchmark benchmark = null;
        ScanHost host = null;
        ScanCollector collector = null;
        List<ScanResult> results = null;
        int seen = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "scanId" -> {
                    seen = once(seen, 1);
                    scanId = string(value);
                }
                case "benchmark" -> {
                    seen = once(seen, 2);
                    benchmark = benchmark(value);
                }
                case "host" -> {
                    seen = once(seen, 4);
                    host = host(value);
                }
                case "collector" -> {
                    seen = once(seen, 8);
                    collector = collector(value);
                }
                case "startedAt" -> {
                    seen = once(seen, 16);
                    startedAt = string(value);
                }
                case "finishedAt" -> {
                    seen = once(seen, 32);
                    finishedAt = string(value);
                }
                case "results" -> {
                    seen = once(seen, 64);
                    results = results(value);
                }
                default -> skip(value, 1);
            }
        }
        expect(json.currentToken() == JsonToken.END_OBJECT && json.nextToken() == null);
        expect(scanId != null
                && benchmark != null
                && host != null
                && collector != null
                && startedAt != null
                && finishedAt != null
                && results != null);
        return new ScanDocument(scanId, benchmark, host, collector, instant(startedAt), instant(finishedAt), results);
    }

    private ScanBenchmark benchmark(JsonToken value) throws IOException, Unusual {
        expect(value == JsonToken.START_OBJECT);
        String id = null;
        String version = null;
        int seen = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken member = json.nextToken();
            switch (name) {
                case "id" -> {
                    seen = once(seen, 1);
                    id = string(member);
                }
                case "version" -> {
                    seen = once(seen, 2);
                    version = string(member);
                }
                default -> skip(member, 2);
            }
        }
        expect(id != null && version != null);
        return new ScanBenchmark(id, version);
    }

    private ScanHost host(JsonToken value) throws IOException, Unusual {
        expect(value == JsonToken.START_OBJECT);
        String id = null;
        String hostname = null;
        String os = null;
        String dockerVersion = null;
        Map<String, String> labels = new LinkedHashMap<>();
        int seen = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken member = json.nextToken();
            switch (name) {
                case "id" -> {
                    seen = once(seen, 1);
                    id = string(member);
                }
                case "hostname" -> {
                    seen = once(seen, 2);
                    hostname = optional(member);
                }
                case "os" -> {
                    seen = once(seen, 4);
                    os = optional(member);
                }
                case "dockerVersion" -> {
                    seen = once(seen, 8);
                    dockerVersion = optional(member);
                }
                case "labels" -> {
                    seen = once(seen, 16);
                    labels(member, labels);
                }
                default -> skip(member, 2);
            }
        }
        expect(id != null);
        return new ScanHost(id, hostname, os, dockerVersion, labels);
    }

    private void labels(JsonToken value, Map<String, String> labels) throws IOException, Unusual {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        expect(value == JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            expect(labels.put(name, string(json.nextToken())) == null);
        }
    }

    private ScanCollector collector(JsonToken value) throws IOException, Unusual {
        expect(value == JsonToken.START_OBJECT);
        String name = null;
        String version = null;
        int seen = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken member = json.nextToken();
            switch (field) {
                case "name" -> {
                    seen = once(seen, 1);
                    name = string(member);
                }
                case "version" -> {
                    seen = once(seen, 2);
                    version = optional(member);
                }
                default -> skip(member, 2);
            }
        }
        expect(name != null);
        return new ScanCollector(name, version);
    }

    private List<ScanResult> results(JsonToken value) throws IOException, Unusual {
        expect(value == JsonToken.START_ARRAY);
        List<ScanResult> results = new ArrayList<>();
        JsonToken element;
        while ((element = json.nextToken()) != JsonToken.END_ARRAY) {
            results.add(result(element));
        }
        return results;
    }

    private ScanResult result(JsonToken value) throws IOException, Unusual {
        expect(value == JsonToken.START_OBJECT);
        String control = null;
        String status = null;
        ScanTarget target = null;
        String evidence = null;
        String remediation = null;
        int seen = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken member = json.nextToken();
            switch (name) {
                case "control" -> {
                    seen = once(seen, 1);
                    control = string(member);
                }
                case "status" -> {
                    seen = once(seen, 2);
                    status = string(member);
                }
                case "target" -> {
                    seen = once(seen, 4);
                    target = target(member);
                }
                case "evidence" -> {
                    seen = once(seen, 8);
                    evidence = optional(member);
                }
                case "remediation" -> {
                    seen = once(seen, 16);
                    remediation = optional(member);
                }
                default -> skip(member, 3);
            }
        }
        expect(control != null && status != null);
        return new ScanResult(
                control,
                constant(ResultStatus.class, status),
                target == null ? ScanTarget.host() : target,
                evidence,
                remediation);
    }

    /** The target; consecutive results about one target share one instance. */
    private ScanTarget target(JsonToken value) throws IOException, Unusual {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value == JsonToken.START_OBJECT);
        String kind = null;
        String id = null;
        String name = null;
        String image = null;
        String imageId = null;
        int seen = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken member = json.nextToken();
            switch (field) {
                case "kind" -> {
                    seen = once(seen, 1);
                    kind = string(member);
                }
                case "id" -> {
                    seen = once(seen, 2);
                    id = optional(member);
                }
                case "name" -> {
                    seen = once(seen, 4);
                    name = optional(member);
                }
                case "image" -> {
                    seen = once(seen, 8);
                    image = optional(member);
                }
                case "imageId" -> {
                    seen = once(seen, 16);
                    imageId = optional(member);
                }
                default -> skip(member, 4);
            }
        }
        expect(kind != null);
        TargetKind targetKind = constant(TargetKind.class, kind);
        ScanTarget last = lastTarget;
        if (last != null
                && last.kind() == targetKind
                && Objects.equals(last.id(), id)
                && Objects.equals(last.name(), name)
                && Objects.equals(last.image(), image)
                && Objects.equals(last.imageId(), imageId)) {
            return last;
        }
        lastTarget = new ScanTarget(targetKind, id, name, image, imageId);
        return lastTarget;
    }

    /** A required string; null (which the full reader calls missing) and other types are unusual. */
    private String string(JsonToken value) throws IOException, Unusual {
        expect(value == JsonToken.VALUE_STRING);
        return json.getText();
    }

    /** An optional string: absent or null is null, another type is unusual. */
    private String optional(JsonToken value) throws IOException, Unusual {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        return string(value);
    }

    /** Passes over a member this reader does not use, refusing nesting past the limit. */
    private void skip(JsonToken value, int depth) throws IOException, Unusual {
        if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
            expect(value != null && value.isScalarValue());
            return;
        }
        int nested = depth + 1;
        expect(nested <= maxDepth);
        while (nested > depth) {
            JsonToken token = json.nextToken();
            expect(token != null);
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                expect(++nested <= maxDepth);
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                nested--;
            }
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String text) throws Unusual {
        try {
            return Enum.valueOf(type, text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Unusual.INSTANCE;
        }
    }

    private static Instant instant(String text) throws Unusual {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Unusual.INSTANCE;
        }
    }

    /** Marks a known key as read; a key given twice is unusual (the full reader keeps the last). */
    private static int once(int seen, int bit) throws Unusual {
        expect((seen & bit) == 0);
        return seen | bit;
    }

    private static void expect(boolean condition) throws Unusual {
        if (!condition) {
            throw Unusual.INSTANCE;
        }
    }
}
