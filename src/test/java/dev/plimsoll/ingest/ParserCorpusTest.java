package dev.plimsoll.ingest;

import dev.plimsoll.wire.imports.Importers;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fuzz tests' inputs, replayed in every run: each a document or a located refusal. */
class ParserCorpusTest {

    static final String INPUTS = "/dev/plimsoll/ingest/ParserFuzzTestInputs/";

    static List<Path> inputs(String method) throws IOException, URISyntaxException {
        Path dir = Path.of(ParserCorpusTest.class.getResource(INPUTS + method).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.sorted().toList());
        }
    }

    static List<Path> nativeInputs() throws IOException, URISyntaxException {
        return inputs("the_native_reader_answers_a_document_or_a_located_refusal");
    }

    static List<Path> importInputs() throws IOException, URISyntaxException {
        return inputs("every_importer_answers_a_document_or_a_located_refusal");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeInputs")
    void the_native_reader_answers_each_input_with_a_document_or_a_located_refusal(Path input) throws IOException {
        ParserFuzzTest.readNative(Files.readString(input, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("importInputs")
    void every_importer_answers_each_input_with_a_document_or_a_located_refusal(Path input) throws IOException {
        byte[] body = Files.readAllBytes(input);
        for (String format : Importers.formats()) {
            ParserFuzzTest.importAny(format, body);
        }
    }
}
