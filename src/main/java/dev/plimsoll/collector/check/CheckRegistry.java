package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every check the collector runs, by the subject it looks at. Each section's class declares its
 * checks once, in a table, with the control id; this class only puts the tables together.
 */
public final class CheckRegistry {

    /** Checks of the host as a whole, in benchmark order. */
    public static final List<Check<HostFacts>> HOST = Stream.of(
                    HostChecks.CHECKS,
                    DaemonChecks.CHECKS,
                    DaemonFileChecks.CHECKS,
                    OperationsChecks.CHECKS,
                    SwarmChecks.CHECKS)
            .flatMap(List::stream)
            .toList();

    public static final List<Check<ImageFacts>> IMAGE = ImageChecks.CHECKS;

    public static final List<Check<ContainerFacts>> CONTAINER = ContainerChecks.CHECKS;

    private CheckRegistry() {}

    public static List<ScanResult> forHost(HostFacts facts) {
        List<ScanResult> results = new ArrayList<>(HOST.size());
        for (Check<HostFacts> check : HOST) {
            results.add(check.run(facts, ScanTarget.host()));
        }
        return results;
    }

    public static List<ScanResult> forImage(ImageFacts image) {
        return ImageChecks.evaluate(image);
    }

    public static List<ScanResult> forContainer(ContainerFacts container) {
        return ContainerChecks.evaluate(container);
    }
}
