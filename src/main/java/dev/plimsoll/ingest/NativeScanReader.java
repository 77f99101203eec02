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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
 * ordinary (malformed JSON, a missing or mistyped field, nesting deeper than allowed) it answers
 * {@code null} without saying why; the caller then reads the text with {@link ScanJson#read}, whose
 * refusal names the field. For every text it answers a document for, it answers the one {@link
 * ScanJson#read} does, which tests hold it to.
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

    /**
     * As {@link #tryRead(String, int)}, for the body as sent. Text all in ASCII (what collectors send)
     * is read from its bytes, without decoding it first; other text is decoded as the full reader
     * decodes it, so that both read the same characters. (Whitespace of more than 64 bytes before
     * the document is left to the full reader.)
     */
    static ScanDocument tryRead(byte[] utf8, int maxDepth) {
        if (!ascii(utf8)) {
            return tryRead(new String(utf8, StandardCharsets.UTF_8), maxDepth);
        }
        if (!startsPlainly(new String(utf8, 0, Math.min(utf8.length, 64), StandardCharsets.US_ASCII)) || maxDepth < 4) {
            return null;
        }
        try (JsonParser json = JSON.createParser(utf8)) {
            return new NativeScanReader(json, maxDepth).document();
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** No byte with its high bit set, eight at a time. */
    static boolean ascii(byte[] bytes) {
        int i = 0;
        long high = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < bytes.length; i++) {
            high |= bytes[i];
        }
        return (high & 0x8080808080808080L) == 0;
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

    /** Reads one member of an object; answers false for a member it does not know. */
    @FunctionalInterface
    private interface Member {
        boolean read(String name, JsonToken value) throws IOException, Unusual;
    }

    /**
     * An object, each member handed to {@code member}; the others are passed over. A key given twice
     * is read twice, so the last one stands, as in the full reader.
     */
    private void object(JsonToken value, int depth, Member member) throws IOException, Unusual {
        expect(value == JsonToken.START_OBJECT);
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken token = json.nextToken();
            if (!member.read(name, token)) {
                skip(token, depth);
            }
        }
    }

    private ScanDocument document() throws IOException, Unusual {
        String[] text = new String[3];
        Object[] part = new Object[4];
        object(json.nextToken(), 1, (name, value) -> {
            switch (name) {
                case "scanId" -> text[0] = string(value);
                case "startedAt" -> text[1] = string(value);
                case "finishedAt" -> text[2] = string(value);
                case "benchmark" -> part[0] = benchmark(value);
                case "host" -> part[1] = host(value);
                case "collector" -> part[2] = collector(value);
                case "results" -> part[3] = results(value);
                default -> {
                    return false;
                }
            }
            return true;
        });
        expect(json.currentToken() == JsonToken.END_OBJECT && json.nextToken() == null);
        expect(text[0] != null && text[1] != null && text[2] != null);
        expect(part[0] != null && part[1] != null && part[2] != null && part[3] != null);
        @SuppressWarnings("unchecked")
        List<ScanResult> results = (List<ScanResult>) part[3];
        return new ScanDocument(
                text[0],
                (ScanBenchmark) part[0],
                (ScanHost) part[1],
                (ScanCollector) part[2],
                instant(text[1]),
                instant(text[2]),
                results);
    }

    private ScanBenchmark benchmark(JsonToken value) throws IOException, Unusual {
        String[] text = strings(value, 2, List.of("id", "version"), 2);
        expect(text[0] != null && text[1] != null);
        return new ScanBenchmark(text[0], text[1]);
    }

    private ScanHost host(JsonToken value) throws IOException, Unusual {
        String[] text = new String[4];
        Map<String, String> labels = new LinkedHashMap<>();
        object(value, 2, (name, member) -> {
            switch (name) {
                case "id" -> text[0] = string(member);
                case "hostname" -> text[1] = optional(member);
                case "os" -> text[2] = optional(member);
                case "dockerVersion" -> text[3] = optional(member);
                case "labels" -> {
                    labels.clear();
                    if (member != JsonToken.VALUE_NULL) {
                        object(member, 3, (label, labelValue) -> {
                            labels.put(label, string(labelValue));
                            return true;
                        });
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        });
        expect(text[0] != null);
        return new ScanHost(text[0], text[1], text[2], text[3], labels);
    }

    private ScanCollector collector(JsonToken value) throws IOException, Unusual {
        String[] text = strings(value, 2, List.of("name", "version"), 1);
        expect(text[0] != null);
        return new ScanCollector(text[0], text[1]);
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
        String[] text = new String[4];
        ScanTarget[] target = new ScanTarget[1];
        object(value, 3, (name, member) -> {
            switch (name) {
                case "control" -> text[0] = string(member);
                case "status" -> text[1] = string(member);
                case "evidence" -> text[2] = optional(member);
                case "remediation" -> text[3] = optional(member);
                case "target" -> target[0] = target(member);
                default -> {
                    return false;
                }
            }
            return true;
        });
        expect(text[0] != null && text[1] != null);
        return new ScanResult(
                text[0],
                constant(ResultStatus.class, text[1]),
                target[0] == null ? ScanTarget.host() : target[0],
                text[2],
                text[3]);
    }

    /** The target; consecutive results about one target share one instance. */
    private ScanTarget target(JsonToken value) throws IOException, Unusual {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        String[] text = strings(value, 4, List.of("kind", "id", "name", "image", "imageId"), 1);
        expect(text[0] != null);
        TargetKind kind = constant(TargetKind.class, text[0]);
        ScanTarget last = lastTarget;
        if (last != null
                && last.kind() == kind
                && Objects.equals(last.id(), text[1])
                && Objects.equals(last.name(), text[2])
                && Objects.equals(last.image(), text[3])
                && Objects.equals(last.imageId(), text[4])) {
            return last;
        }
        lastTarget = new ScanTarget(kind, text[1], text[2], text[3], text[4]);
        return lastTarget;
    }

    /**
     * An object of string members, in the order of {@code names}: the first {@code required} must be
     * strings, the others may also be null.
     */
    private String[] strings(JsonToken value, int depth, List<String> names, int required) throws IOException, Unusual {
        String[] text = new String[names.size()];
        object(value, depth, (name, member) -> {
            int index = names.indexOf(name);
            if (index < 0) {
                return false;
            }
            text[index] = index < required ? string(member) : optional(member);
            return true;
        });
        return text;
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

    private static void expect(boolean condition) throws Unusual {
        if (!condition) {
            throw Unusual.INSTANCE;
        }
    }
}
