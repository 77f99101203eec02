package dev.plimsoll.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the catalogue migration against the CIS Docker v1.6.0 reference list without a database: the migration is
 * read as text and its multi-row inserts are parsed into rows.
 */
class CatalogueMigrationTest {

    static final Path MIGRATION = Path.of("migrations", "V2__benchmark_catalogue.sql");
    static final String TSV = "/catalog/cis-docker-v1.6.0.tsv";

    static Map<String, List<Map<String, String>>> tables;
    static List<Map<String, String>> recommendations;

    @BeforeAll
    static void read() throws IOException {
        tables = Inserts.parse(Files.readString(MIGRATION, StandardCharsets.UTF_8));
        recommendations = readTsv(TSV);
    }

    @Test
    void every_cis_recommendation_is_in_the_catalogue_once() {
        Map<String, Long> counts = cisControls().stream()
                .collect(Collectors.groupingBy(row -> row.get("control_id"), Collectors.counting()));
        for (Map<String, String> recommendation : recommendations) {
            String id = recommendation.get("id");
            assertEquals(1L, counts.getOrDefault(id, 0L), () -> "control rows for CIS " + id);
        }
        Set<String> expected = recommendations.stream().map(r -> r.get("id")).collect(Collectors.toSet());
        Set<String> unexpected = new TreeSet<>(counts.keySet());
        unexpected.removeAll(expected);
        assertEquals(Set.of(), unexpected, "controls that CIS Docker v1.6.0 does not have");
        assertEquals(117, recommendations.size(), "recommendations in the reference list");
    }

    @Test
    void every_cis_recommendation_keeps_the_level_and_assessment_of_the_benchmark() {
        Map<String, Map<String, String>> controls =
                cisControls().stream().collect(Collectors.toMap(row -> row.get("control_id"), Function.identity()));
        for (Map<String, String> recommendation : recommendations) {
            String id = recommendation.get("id");
            Map<String, String> control = controls.get(id);
            assertNotNull(control, () -> "control row for CIS " + id);
            assertEquals(recommendation.get("level"), control.get("level"), () -> "level of " + id);
            String assessment = "yes".equals(recommendation.get("automated")) ? "automated" : "manual";
            assertEquals(assessment, control.get("assessment"), () -> "assessment of " + id);
        }
    }

    @Test
    void every_checklist_item_has_a_primary_control() {
        List<Map<String, String>> items = tables.getOrDefault("checklist_item", List.of());
        assertEquals(13, items.size(), "checklist items");
        Set<String> withPrimary = tables.getOrDefault("control_checklist", List.of()).stream()
                .filter(row -> "true".equals(row.get("is_primary")))
                .map(row -> row.get("checklist_item_id"))
                .collect(Collectors.toSet());
        for (Map<String, String> item : items) {
            assertTrue(withPrimary.contains(item.get("id")), () -> "no primary control for " + item.get("id"));
        }
    }

    @Test
    void every_checklist_mapping_names_a_control_of_the_catalogue() {
        Set<String> controls = tables.getOrDefault("control", List.of()).stream()
                .map(CatalogueMigrationTest::controlKey)
                .collect(Collectors.toSet());
        assertTrue(controls.containsAll(
                Set.of("plimsoll/1.0/PL-1", "plimsoll/1.0/PL-2", "plimsoll/1.0/PL-3", "plimsoll/1.0/PL-4")));
        for (Map<String, String> mapping : tables.getOrDefault("control_checklist", List.of())) {
            assertTrue(controls.contains(controlKey(mapping)), () -> "unknown control " + controlKey(mapping));
        }
    }

    static List<Map<String, String>> cisControls() {
        return tables.getOrDefault("control", List.of()).stream()
                .filter(row ->
                        "cis-docker".equals(row.get("benchmark_id")) && "1.6.0".equals(row.get("benchmark_version")))
                .toList();
    }

    static String controlKey(Map<String, String> row) {
        return row.get("benchmark_id") + "/" + row.get("benchmark_version") + "/" + row.get("control_id");
    }

    /** The reference list: tab-separated, a header line, no tabs inside fields. */
    static List<Map<String, String>> readTsv(String resource) throws IOException {
        try (InputStream in = CatalogueMigrationTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
            List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split("\t", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size() && i < fields.length; i++) {
                    row.put(header.get(i), fields[i]);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * Reads the rows of {@code insert into t (columns) values (...), (...);} statements. Values are kept as written
     * ({@code true}, {@code 1}), text literals unquoted, SQL {@code null} as Java null; other statements are skipped.
     */
    static final class Inserts {

        enum Kind {
            WORD,
            TEXT,
            SYMBOL
        }

        record Token(Kind kind, String text) {
            boolean is(String symbolOrWord) {
                return kind != Kind.TEXT && text.equalsIgnoreCase(symbolOrWord);
            }
        }

        private final List<Token> tokens;
        private int next;

        private Inserts(List<Token> tokens) {
            this.tokens = tokens;
        }

        static Map<String, List<Map<String, String>>> parse(String sql) {
            return new Inserts(tokenize(sql)).statements();
        }

        static List<Token> tokenize(String sql) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (sql.startsWith("--", i)) {
                    int end = sql.indexOf('\n', i);
                    i = end < 0 ? sql.length() : end + 1;
                } else if (c == '\'') {
                    StringBuilder text = new StringBuilder();
                    i++;
                    while (true) {
                        if (i >= sql.length()) {
                            throw new IllegalArgumentException("unterminated text literal");
                        }
                        char d = sql.charAt(i++);
                        if (d != '\'') {
                            text.append(d);
                        } else if (i < sql.length() && sql.charAt(i) == '\'') {
                            text.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    }
                    tokens.add(new Token(Kind.TEXT, text.toString()));
                } else if ("(),;".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                    i++;
                } else {
                    int start = i;
                    while (i < sql.length()
                            && !Character.isWhitespace(sql.charAt(i))
                            && "(),;'".indexOf(sql.charAt(i)) < 0
                            && !sql.startsWith("--", i)) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, sql.substring(start, i)));
                }
            }
            return tokens;
        }

        private Map<String, List<Map<String, String>>> statements() {
            Map<String, List<Map<String, String>>> tables = new LinkedHashMap<>();
            while (next < tokens.size()) {
                if (tokens.get(next).is("insert")) {
                    next++;
                    expect("into");
                    String table = tokens.get(next++).text();
                    List<String> columns = tuple();
                    expect("values");
                    List<Map<String, String>> rows = tables.computeIfAbsent(table, t -> new ArrayList<>());
                    do {
                        List<String> values = tuple();
                        if (values.size() != columns.size()) {
                            throw new IllegalArgumentException(
                                    table + ": " + values.size() + " values for " + columns.size() + " columns");
                        }
                        Map<String, String> row = new HashMap<>();
                        for (int c = 0; c < columns.size(); c++) {
                            row.put(columns.get(c), values.get(c));
                        }
                        rows.add(row);
                    } while (accept(","));
                    expect(";");
                } else {
                    next++;
                }
            }
            return tables;
        }

        /** A parenthesised, comma-separated list of single tokens. */
        private List<String> tuple() {
            expect("(");
            List<String> values = new ArrayList<>();
            do {
                Token token = tokens.get(next++);
                if (token.kind() == Kind.SYMBOL) {
                    throw new IllegalArgumentException("unexpected '" + token.text() + "' in a value list");
                }
                values.add(token.kind() == Kind.WORD && token.is("null") ? null : token.text());
            } while (accept(","));
            expect(")");
            return values;
        }

        private boolean accept(String symbolOrWord) {
            if (next < tokens.size() && tokens.get(next).is(symbolOrWord)) {
                next++;
                return true;
            }
            return false;
        }

        private void expect(String symbolOrWord) {
            if (!accept(symbolOrWord)) {
                String found = next < tokens.size() ? tokens.get(next).text() : "the end";
                throw new IllegalArgumentException("expected '" + symbolOrWord + "' but found '" + found + "'");
            }
        }
    }
}
