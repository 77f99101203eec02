package dev.plimsoll.collector.check;

import dev.plimsoll.wire.json.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CIS section 6 (security operations): counts for a person to weigh, never verdicts. */
public final class OperationsChecks {

    static final List<Check<HostFacts>> CHECKS = List.of(
            new Check<>(
                    "6.1",
                    "Image sprawl avoided",
                    "Remove unused images (docker image prune -a).",
                    OperationsChecks::imageSprawl),
            new Check<>(
                    "6.2",
                    "Container sprawl avoided",
                    "Remove stopped containers (docker container prune).",
                    facts -> Verdict.info(facts.allContainers().size() + " containers, "
                            + facts.runningContainers().size() + " running")));

    private OperationsChecks() {}

    private static Verdict imageSprawl(HostFacts facts) {
        Set<String> inUse = new HashSet<>();
        for (Node container : facts.allContainers()) {
            inUse.add(container.get("ImageID").textOr(""));
        }
        long used = facts.images().stream()
                .filter(image -> inUse.contains(image.get("Id").textOr("")))
                .count();
        return Verdict.info(facts.images().size() + " images, " + used + " used by containers");
    }
}
