package dev.plimsoll.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.wire.RandomDocuments;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.ScanResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * The fast reader of native documents against the full one ({@link ScanJson#read}): it takes the
 * documents collectors send, and whatever it takes it reads exactly as the full reader does;
 * everything else it leaves to the full reader, whose refusal names the field.
 */
class NativeScanReaderTest {

    static final int DEPTH = ParserFuzzTest.DEPTH;
    static final AtomicInteger TAKEN = new AtomicInteger();
    static final AtomicInteger LEFT = new AtomicInteger();

    @Property(tries = 500)
    void a_document_as_collectors_write_it_is_read_as_the_full_reader_reads_it(@ForAll long seed) {
        ScanDocument document = RandomDocuments.random(new Random(seed));
        for (String text : List.of(ScanJson.write(document), ScanJson.writePretty(document))) {
            ScanDocument fast = NativeScanReader.tryRead(text, DEPTH);
            assertThat(fast).isEqualTo(ScanJson.read(text)).isEqualTo(document);
            // From the bytes (a lone surrogate has no UTF-8 form: the text read is what they decode to).
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(NativeScanReader.tryRead(bytes, DEPTH))
                    .isNotNull()
                    .isEqualTo(ScanJson.read(new String(bytes, StandardCharsets.UTF_8)));
        }
    }

    @Property(tries = 3000)
    void whatever_the_fast_reader_takes_from_an_edited_document_the_full_reader_reads_the_same(@ForAll long seed) {
        Random random = new Random(seed);
        String text = ScanJson.write(RandomDocuments.random(random));
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            text = RandomDocuments.edit(text, random);
        }
        (NativeScanReader.tryRead(text, DEPTH) == null ? LEFT : TAKEN).incrementAndGet();
        ParserFuzzTest.readNative(text);
    }

    @AfterContainer
    static void both_outcomes_were_exercised() {
        if (TAKEN.get() + LEFT.get() > 0) {
            assertThat(TAKEN.get()).as("edited documents the fast reader took").isGreaterThan(100);
            assertThat(LEFT.get())
                    .as("edited documents it left to the full reader")
                    .isGreaterThan(100);
        }
    }

    @Test
    void a_key_given_twice_is_read_as_the_full_reader_reads_it_the_last_one_stands() {
        String text = ScanJson.write(RandomDocuments.random(new Random(1)))
                .replaceFirst("\"collector\":", "\"scanId\":\"00000000-0000-0000-0000-000000000000\",\"collector\":");
        assertThat(NativeScanReader.tryRead(text, DEPTH)).isEqualTo(ScanJson.read(text));
        assertThat(ScanJson.read(text).scanId()).isEqualTo("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void a_byte_order_mark_or_trailing_text_is_left_to_the_full_reader() {
        String text = ScanJson.write(RandomDocuments.random(new Random(2)));
        assertThat(NativeScanReader.tryRead(text, DEPTH)).isNotNull();
        assertThat(NativeScanReader.tryRead("\uFEFF" + text, DEPTH)).isNull();
        assertThat(NativeScanReader.tryRead(text + "{}", DEPTH)).isNull();
        assertThat(NativeScanReader.tryRead(text + " \n", DEPTH)).isNotNull();
    }

    @Test
    void a_body_all_in_ascii_is_read_from_its_bytes_and_any_other_as_the_text_it_decodes_to() {
        String ascii = Scans.scan()
                .hostResult("2.2", ResultStatus.pass)
                .containerResult("web", "5.5", ResultStatus.fail)
                .json();
        assertThat(NativeScanReader.ascii(ascii.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(NativeScanReader.tryRead(ascii.getBytes(StandardCharsets.UTF_8), DEPTH))
                .isEqualTo(ScanJson.read(ascii));

        String accented = ascii.replaceFirst("\"hostname\":\"", "\"hostname\":\"h\u00f4te-");
        byte[] utf8 = accented.getBytes(StandardCharsets.UTF_8);
        assertThat(NativeScanReader.ascii(utf8)).isFalse();
        assertThat(NativeScanReader.tryRead(utf8, DEPTH)).isEqualTo(ScanJson.read(accented));
        // A lone surrogate encoded in UTF-8 is no character: decoded, it is a replacement character.
        byte[] surrogate =
                ascii.replaceFirst("\"hostname\":\"", "\"hostname\":\"h\u0001-").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(surrogate, (byte) 1);
        byte[] edited = new byte[surrogate.length + 2];
        System.arraycopy(surrogate, 0, edited, 0, at);
        edited[at] = (byte) 0xED;
        edited[at + 1] = (byte) 0xA0;
        edited[at + 2] = (byte) 0x80;
        System.arraycopy(surrogate, at + 1, edited, at + 3, surrogate.length - at - 1);
        String decoded = new String(edited, StandardCharsets.UTF_8);
        assertThat(decoded).contains("\uFFFD");
        assertThat(NativeScanReader.tryRead(edited, DEPTH)).isEqualTo(ScanJson.read(decoded));
    }

    static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void unknown_members_are_passed_over_but_not_past_the_nesting_limit() {
        String text = ScanJson.write(RandomDocuments.random(new Random(3)));
        String shallow = text.replaceFirst("\\{", "{\"extra\":" + "[".repeat(DEPTH - 1) + "]".repeat(DEPTH - 1) + ",");
        String deep = text.replaceFirst("\\{", "{\"extra\":" + "[".repeat(DEPTH) + "]".repeat(DEPTH) + ",");
        assertThat(NativeScanReader.tryRead(shallow, DEPTH)).isEqualTo(ScanJson.read(text));
        assertThat(NativeScanReader.tryRead(deep, DEPTH)).isNull();
    }

    @Test
    void consecutive_results_about_one_target_share_it() {
        ScanDocument read = NativeScanReader.tryRead(ScanJson.write(RandomDocuments.random(new Random(4))), DEPTH);
        List<ScanResult> results = read.results();
        for (int i = 1; i < results.size(); i++) {
            if (results.get(i).target().equals(results.get(i - 1).target())) {
                assertThat(results.get(i).target()).isSameAs(results.get(i - 1).target());
            }
        }
    }
}
