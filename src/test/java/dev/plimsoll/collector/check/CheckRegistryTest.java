package dev.plimsoll.collector.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plimsoll.collector.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CheckRegistryTest {

    /** The 117 ids of CIS Docker Benchmark 1.6.0. */
    private static Set<String> catalogue() {
        Set<String> ids = new TreeSet<>();
        List<String> lines = Fixtures.text("/collector/cis-docker-v1.6.0.tsv")
                .lines()
                .skip(1)
                .toList();
        for (String line : lines) {
            ids.add(line.split("\t")[0]);
        }
        return ids;
    }

    private static List<String> controls(List<? extends Check<?>> checks) {
        return checks.stream().map(Check::control).toList();
    }

    @Test
    void the_catalogue_has_117_recommendations() {
        assertEquals(117, catalogue().size());
    }

    @Test
    void every_recommendation_of_the_benchmark_and_every_plimsoll_control_is_checked() {
        Set<String> checked = new TreeSet<>();
        checked.addAll(controls(CheckRegistry.HOST));
        checked.addAll(controls(CheckRegistry.IMAGE));
        checked.addAll(controls(CheckRegistry.CONTAINER));
        Set<String> expected = new TreeSet<>(catalogue());
        expected.addAll(Set.of("PL-1", "PL-2", "PL-3", "PL-4"));
        assertEquals(expected, checked);
    }

    @Test
    void each_control_is_declared_once_per_kind_of_target() {
        for (List<String> controls : List.of(
                controls(CheckRegistry.HOST), controls(CheckRegistry.IMAGE), controls(CheckRegistry.CONTAINER))) {
            assertEquals(new HashSet<>(controls).size(), controls.size(), controls.toString());
        }
    }

    @Test
    void only_4_1_is_judged_both_on_images_and_on_containers() {
        List<String> everything = new ArrayList<>();
        Stream.of(CheckRegistry.HOST, CheckRegistry.IMAGE, CheckRegistry.CONTAINER)
                .forEach(checks -> everything.addAll(controls(checks)));
        Set<String> seen = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (String control : everything) {
            if (!seen.add(control)) {
                twice.add(control);
            }
        }
        assertEquals(Set.of("4.1"), twice);
    }
}
