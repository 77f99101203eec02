package dev.plimsoll.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the Dockerfiles as text (no Docker engine here) and holds them to the rules Plimsoll
 * checks in other people's images: bases pinned by digest and never {@code latest}, a numeric
 * non-root user, a health check, nothing fetched by {@code ADD}.
 *
 * <p>A base may still carry the {@code <pin-me>} placeholder in the repository (the build refuses
 * it); a release build runs with {@code -Dplimsoll.requirePinnedDigests=true}, which accepts real
 * digests only.
 */
class DockerfileLintTest {

    private static final Path DIRECTORY = Path.of("src", "main", "docker");
    private static final Pattern DIGEST = Pattern.compile("@sha256:([0-9a-f]{64}|<pin-me>)$");
    private static final Pattern REAL_DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
    private static final Pattern NUMERIC_NON_ROOT_USER = Pattern.compile("^([1-9][0-9]*)(:([0-9]+))?$");

    /** One instruction, continuation lines joined. */
    record Instruction(int line, String keyword, String arguments) {
        @Override
        public String toString() {
            return "line " + line + ": " + keyword + " " + arguments;
        }
    }

    static List<Instruction> parse(Path dockerfile) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int start = 0;
        List<String> lines = Files.readAllLines(dockerfile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (pending.isEmpty()) {
                start = i + 1;
            } else if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            String[] parts = text.split("\\s+", 2);
            instructions.add(
                    new Instruction(start, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
        }
        return instructions;
    }

    /** The instructions of the last stage: what the image that ships is made of. */
    private static List<Instruction> finalStage(List<Instruction> instructions) {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.collector"})
    void every_base_image_is_pinned_by_digest_and_none_is_latest(String name) throws IOException {
        boolean requireReal = Boolean.getBoolean("plimsoll.requirePinnedDigests");
        Set<String> stages = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Instruction from : parse(DIRECTORY.resolve(name))) {
            if (!from.keyword().equals("FROM")) {
                continue;
            }
            String[] words = from.arguments().split("\\s+");
            List<String> operands = new ArrayList<>();
            for (String word : words) {
                if (!word.startsWith("--")) {
                    operands.add(word);
                }
            }
            String image = operands.get(0);
            if (operands.size() >= 3 && operands.get(1).equalsIgnoreCase("AS")) {
                stages.add(operands.get(2).toLowerCase(Locale.ROOT));
            }
            if (stages.contains(image.toLowerCase(Locale.ROOT)) && !image.contains("@")) {
                continue; // an earlier stage of this file
            }
            String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
            String tag = reference.contains(":") && reference.lastIndexOf(':') > reference.lastIndexOf('/')
                    ? reference.substring(reference.lastIndexOf(':') + 1)
                    : "";
            if (!(requireReal ? REAL_DIGEST : DIGEST).matcher(image).find()) {
                problems.add(from + " is not pinned by digest");
            }
            if (tag.isEmpty() || tag.equals("latest")) {
                problems.add(from + " names no version tag (or latest)");
            }
            if (image.contains("$")) {
                problems.add(from + " takes its base from a build argument");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.collector"})
    void the_image_runs_as_a_numeric_non_root_user(String name) throws IOException {
        List<Instruction> users = finalStage(parse(DIRECTORY.resolve(name))).stream()
                .filter(instruction -> instruction.keyword().equals("USER"))
                .toList();

        assertFalse(users.isEmpty(), name + " sets USER in its final stage");
        String user = users.get(users.size() - 1).arguments().strip();
        Matcher numeric = NUMERIC_NON_ROOT_USER.matcher(user);
        assertTrue(numeric.matches(), name + ": USER " + user + " is numeric and not 0");
        assertFalse("0".equals(numeric.group(3)), name + ": USER " + user + " is not in group 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.collector"})
    void the_image_has_a_health_check(String name) throws IOException {
        List<Instruction> checks = finalStage(parse(DIRECTORY.resolve(name))).stream()
                .filter(instruction -> instruction.keyword().equals("HEALTHCHECK"))
                .toList();

        assertEquals(1, checks.size(), name + " has one HEALTHCHECK");
        String check = checks.get(0).arguments();
        assertFalse(check.strip().equalsIgnoreCase("NONE"), name + " does not disable the health check");
        assertTrue(check.contains("CMD"), name + ": " + check);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.collector"})
    void nothing_is_fetched_or_unpacked_by_add(String name) throws IOException {
        List<Instruction> adds = parse(DIRECTORY.resolve(name)).stream()
                .filter(instruction -> instruction.keyword().equals("ADD"))
                .toList();

        assertEquals(List.of(), adds, name + ": COPY local files; download in a RUN with a checksum");
    }
}
