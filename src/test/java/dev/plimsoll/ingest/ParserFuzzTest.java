package dev.plimsoll.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.imports.ImportContext;
import dev.plimsoll.wire.imports.ImportException;
import dev.plimsoll.wire.imports.Importers;
import dev.plimsoll.wire.json.JsonShapeException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzz tests of the parsers ingestion runs on untrusted bodies: whatever the bytes, the answer is
 * a document or a refusal that names where the input broke, never another exception. Tagged
 * {@code fuzz}: left out of the normal run (which replays the same inputs in {@link
 * ParserCorpusTest} without the fuzzing agent); see docs/testing.md for running it.
 */
@org.junit.jupiter.api.Tag("fuzz")
class ParserFuzzTest {

    static final int DEPTH = 32;

    @FuzzTest(maxDuration = "30s")
    void the_native_reader_answers_a_document_or_a_located_refusal(FuzzedDataProvider data) {
        readNative(data.consumeRemainingAsString());
    }

    /**
     * Also holds the fast reader to the full one, from the text and from its UTF-8 bytes: a document
     * it takes is the one the full reader reads.
     */
    static void readNative(String text) {
        readNative(text, NativeScanReader.tryRead(text, DEPTH));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        readNative(new String(bytes, StandardCharsets.UTF_8), NativeScanReader.tryRead(bytes, DEPTH));
    }

    private static void readNative(String text, ScanDocument fast) {
        try {
            JsonGuard.checkDepth(text, DEPTH);
            ScanDocument full = ScanJson.read(text);
            if (fast != null && !fast.equals(full)) {
                throw new AssertionError("the fast reader read another document: " + fast + " against " + full);
            }
        } catch (JsonShapeException e) {
            requireLocated(e.pointer());
            requireRefusedByBoth(fast, e);
        } catch (ProblemException e) {
            // the nesting guard: refused before parsing
            requireRefusedByBoth(fast, e);
        }
    }

    private static void requireRefusedByBoth(ScanDocument fast, RuntimeException refusal) {
        if (fast != null) {
            throw new AssertionError("the fast reader took a document the full reader refuses: " + refusal);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void every_importer_answers_a_document_or_a_located_refusal(FuzzedDataProvider data) {
        String format = data.pickValue(Importers.formats().toArray(new String[0]));
        importAny(format, data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8));
    }

    static void importAny(String format, byte[] body) {
        try {
            JsonGuard.checkDepth(body, DEPTH);
            Importers.convert(
                    format,
                    new ByteArrayInputStream(body),
                    ImportContext.of("fuzz-host", Instant.parse("2026-11-28T10:00:00Z")));
        } catch (ImportException e) {
            requireLocated(e.location());
        } catch (ProblemException e) {
            // the nesting guard
        }
    }

    private static void requireLocated(String pointer) {
        if (pointer == null) {
            throw new AssertionError("a refusal without a location");
        }
    }
}
