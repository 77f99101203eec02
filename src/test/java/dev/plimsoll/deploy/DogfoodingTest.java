package dev.plimsoll.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plimsoll.collector.check.ContainerChecks;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plimsoll's own container checks (CIS Docker Benchmark section 5, 4.1 and PL-1), applied to
 * every container the chart renders, described in Docker's terms by {@link PodSpecAsDockerInspect}.
 * Every result must be {@code pass}, or be one of the exceptions below, each with its reason and
 * the exact status it must have.
 */
class DogfoodingTest {

    /** Where a result comes from. */
    record Subject(String rendering, RenderedChart.Workload workload, String container) {
        @Override
        public String toString() {
            return rendering + ": " + workload + " container " + container;
        }
    }

    /** A result other than pass that is expected, for a stated reason. */
    record Allowed(String control, ResultStatus status, Predicate<Subject> appliesTo, String reason) {}

    private static final String DEFAULTS = "default values";
    private static final String COLLECTOR_DEFAULTS = "collector with its defaults";
    private static final String EVERY_OPTIONAL_PART = "every optional part";

    private static final Predicate<Subject> EVERY_CONTAINER = subject -> true;

    private static final List<Allowed> ALLOWED = List.of(
            // Facts a pod spec cannot express: they exist only on the node or at runtime.
            new Allowed(
                    "5.7",
                    ResultStatus.manual,
                    EVERY_CONTAINER,
                    "which processes run is known only at runtime (the collector reads /containers/{id}/top)"),
            new Allowed(
                    "5.23",
                    ResultStatus.manual,
                    EVERY_CONTAINER,
                    "exec sessions are runtime events (the daemon, the audit log), not part of a pod spec"),
            new Allowed(
                    "5.24",
                    ResultStatus.manual,
                    EVERY_CONTAINER,
                    "exec sessions are runtime events (the daemon, the audit log), not part of a pod spec"),
            new Allowed(
                    "5.3",
                    ResultStatus.manual,
                    EVERY_CONTAINER,
                    "whether a node enforces SELinux is a node fact; where it does, the runtime labels every"
                            + " container (container_t, per-pod MCS categories) without options in the pod spec"),
            new Allowed(
                    "5.2",
                    ResultStatus.manual,
                    subject -> !subject.rendering().equals(EVERY_OPTIONAL_PART),
                    "whether a node has AppArmor is a node fact, and the kubelet refuses pods asking for it"
                            + " where it has not: appArmor.enabled is off by default (with it on, 5.2 passes)"),
            new Allowed(
                    "5.28",
                    ResultStatus.manual,
                    subject -> !subject.rendering().equals(EVERY_OPTIONAL_PART),
                    "a chart cannot know the digest of an image built after it: the default refers to the"
                            + " release tag, and docs/deploy.md asks for image.digest in production (with a"
                            + " digest, 5.28 passes)"),
            // Deliberate choices, each documented in docs/deploy.md.
            new Allowed(
                    "5.15",
                    ResultStatus.fail,
                    subject -> List.of("Deployment", "DaemonSet")
                            .contains(subject.workload().kind()),
                    "Deployments and DaemonSets must use restartPolicy Always; the kubelet's back-off"
                            + " (10 s doubling up to 5 min) bounds the restart loop CIS 5.15 guards against"),
            new Allowed(
                    "5.27",
                    ResultStatus.fail,
                    subject -> subject.workload().kind().equals("Job"),
                    "the migration job has no probe: its health is its exit status, bounded by"
                            + " activeDeadlineSeconds; a liveness probe would kill a long migration midway"),
            new Allowed(
                    "PL-1",
                    ResultStatus.fail,
                    subject -> !subject.workload().kind().equals("DaemonSet"),
                    "Quarkus reads the database password and the OIDC client secret from its configuration;"
                            + " the chart passes them from existing Secrets by secretKeyRef (never through"
                            + " values or a ConfigMap), which puts them in the process environment at runtime."
                            + " Reading them from files needs a file-based configuration source in the"
                            + " application"),
            new Allowed(
                    "5.6",
                    ResultStatus.warn,
                    subject -> subject.workload().kind().equals("DaemonSet"),
                    "the collector scans its node: it reads the node's /etc (daemon.json, unit overrides,"
                            + " audit rules, certificates) through a read-only mount"),
            new Allowed(
                    "5.32",
                    ResultStatus.fail,
                    subject -> subject.workload().kind().equals("DaemonSet")
                            && subject.rendering().equals(EVERY_OPTIONAL_PART),
                    "with collector.dockerSocket.enabled the collector reads the Docker Engine API to check"
                            + " the node's containers; off by default, documented as daemon access"));

    static Stream<Arguments> containers() {
        List<Arguments> containers = new ArrayList<>();
        Map<String, RenderedChart> renderings = new LinkedHashMap<>();
        renderings.put(DEFAULTS, RenderedChart.withDefaults());
        renderings.put(COLLECTOR_DEFAULTS, RenderedChart.withCollectorDefaults());
        renderings.put(EVERY_OPTIONAL_PART, RenderedChart.withEveryOptionalPart());
        for (Map.Entry<String, RenderedChart> rendering : renderings.entrySet()) {
            String name = rendering.getKey();
            RenderedChart chart = rendering.getValue();
            for (RenderedChart.Workload workload : chart.workloads()) {
                List<Container> all = new ArrayList<>(workload.spec().getContainers());
                all.addAll(
                        Optional.ofNullable(workload.spec().getInitContainers()).orElse(List.of()));
                for (Container container : all) {
                    containers.add(Arguments.of(
                            new Subject(name, workload, container.getName()),
                            PodSpecAsDockerInspect.of(workload, container, chart.all(ConfigMap.class))));
                }
            }
        }
        return containers.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void plimsolls_own_containers_pass_plimsolls_container_checks(Subject subject, String inspect) {
        List<ScanResult> results = ContainerChecks.evaluate(inspect);
        assertFalse(results.isEmpty());

        List<String> unexpected = new ArrayList<>();
        for (ScanResult result : results) {
            ResultStatus expected = ALLOWED.stream()
                    .filter(allowed -> allowed.control().equals(result.control())
                            && allowed.appliesTo().test(subject))
                    .map(Allowed::status)
                    .findFirst()
                    .orElse(ResultStatus.pass);
            if (result.status() != expected) {
                unexpected.add(result.control() + " is " + result.status() + " (expected " + expected + "): "
                        + result.evidence());
            }
        }
        assertEquals(List.of(), unexpected, () -> subject + "\n" + inspect);
    }
}
