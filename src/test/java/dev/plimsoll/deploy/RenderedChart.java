package dev.plimsoll.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chart as Helm renders it (the Helm library runs in process, offline), parsed into typed
 * Kubernetes objects.
 *
 * <p>The library's {@code template} leaves out hook resources (it prints the release manifest
 * only), and the migration job is a hook. So the chart is rendered from a copy whose hook
 * annotations are renamed to {@value #HOOK_ANNOTATION}: the job then appears like any other
 * resource, and its renamed annotation still tells which hooks the real chart declares.
 */
final class RenderedChart {

    static final Path SOURCE = Path.of("helm", "plimsoll");
    static final Path EVERY_OPTIONAL_PART = Path.of("src", "test", "resources", "deploy", "values-all-enabled.yaml");
    static final String RELEASE = "plimsoll";
    static final String NAMESPACE = "plimsoll";
    /** What {@code helm.sh/hook} is called in the rendered copy. */
    static final String HOOK_ANNOTATION = "plimsoll.dev/rendered-hook";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static Path copy;
    private static RenderedChart defaults;
    private static RenderedChart everyOptionalPart;
    private static RenderedChart collectorDefaults;

    final String manifest;
    final List<HasMetadata> objects;

    private RenderedChart(String manifest, List<HasMetadata> objects) {
        this.manifest = manifest;
        this.objects = List.copyOf(objects);
    }

    static synchronized RenderedChart withDefaults() {
        if (defaults == null) {
            defaults = render(Map.of());
        }
        return defaults;
    }

    static synchronized RenderedChart withEveryOptionalPart() {
        if (everyOptionalPart == null) {
            everyOptionalPart = render(Map.of(), EVERY_OPTIONAL_PART);
        }
        return everyOptionalPart;
    }

    /** The defaults plus a collector with its own defaults (no Docker socket). */
    static synchronized RenderedChart withCollectorDefaults() {
        if (collectorDefaults == null) {
            collectorDefaults = render(
                    Map.of("collector.enabled", true, "collector.token.existingSecret", "plimsoll-collector-token"));
        }
        return collectorDefaults;
    }

    /** Renders with {@code --set key=value} pairs and values files; fails the test if Helm refuses. */
    static RenderedChart render(Map<String, ?> sets, Path... valuesFiles) {
        String manifest;
        try {
            manifest = template(sets, valuesFiles).call();
        } catch (RuntimeException e) {
            throw new AssertionError("helm template failed: " + e.getMessage(), e);
        }
        return new RenderedChart(manifest, parse(manifest));
    }

    /** Helm's error message for values it must refuse; fails the test if it renders them. */
    static String refusal(Map<String, ?> sets, Path... valuesFiles) {
        try {
            template(sets, valuesFiles).call();
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        return fail("Helm rendered values it should refuse: " + sets);
    }

    private static TemplateCommand template(Map<String, ?> sets, Path... valuesFiles) {
        TemplateCommand command =
                new Helm(chartCopy()).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values.toAbsolutePath());
        }
        for (Map.Entry<String, ?> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command;
    }

    /** A fresh copy of the chart per test run, hooks renamed (see the class comment). */
    static synchronized Path chartCopy() {
        if (copy != null) {
            return copy;
        }
        Path target = Path.of("target", "deploy", "chart-with-hooks-shown", "plimsoll");
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(SOURCE)) {
                for (Path source : files.toList()) {
                    Path destination = target.resolve(SOURCE.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else if (source.startsWith(SOURCE.resolve("templates"))) {
                        String text = Files.readString(source, StandardCharsets.UTF_8);
                        Files.writeString(destination, text.replace("helm.sh/hook", HOOK_ANNOTATION));
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copy = target.toAbsolutePath();
        return copy;
    }

    private static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
            boolean onlyComments =
                    document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (!onlyComments) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    // ---- queries -------------------------------------------------------------------------

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream()
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in:\n"
                        + objects.stream().map(RenderedChart::describe).toList()));
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).distinct().sorted().toList();
    }

    Map<String, String> configMapData(String name) {
        return get(ConfigMap.class, name).getData();
    }

    static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    /** A pod template of a workload, with where it comes from. */
    record Workload(String kind, String name, ObjectMeta podMetadata, PodSpec spec, Integer backoffLimit) {
        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    /** Every pod template the chart renders (Deployments, DaemonSets, StatefulSets, Jobs, CronJobs). */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            PodTemplateSpec template = null;
            Integer backoffLimit = null;
            if (object instanceof Deployment deployment) {
                template = deployment.getSpec().getTemplate();
            } else if (object instanceof DaemonSet daemonSet) {
                template = daemonSet.getSpec().getTemplate();
            } else if (object instanceof StatefulSet statefulSet) {
                template = statefulSet.getSpec().getTemplate();
            } else if (object instanceof Job job) {
                template = job.getSpec().getTemplate();
                backoffLimit = job.getSpec().getBackoffLimit();
            } else if (object instanceof CronJob cronJob) {
                template = cronJob.getSpec().getJobTemplate().getSpec().getTemplate();
                backoffLimit = cronJob.getSpec().getJobTemplate().getSpec().getBackoffLimit();
            }
            if (template != null) {
                workloads.add(new Workload(
                        object.getKind(),
                        object.getMetadata().getName(),
                        template.getMetadata(),
                        template.getSpec(),
                        backoffLimit));
            }
        }
        return workloads;
    }
}
