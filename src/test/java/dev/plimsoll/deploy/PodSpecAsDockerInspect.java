package dev.plimsoll.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Describes one container of a rendered pod template as Docker would describe the same container:
 * a {@code GET /containers/{id}/json} document, so that Plimsoll's own container checks can judge
 * Plimsoll's own deployment.
 *
 * <p>The translation follows what the kubelet asks of the container runtime:
 *
 * <ul>
 *   <li>{@code Config.User}: {@code runAsUser[:runAsGroup]} (container, else pod); empty when the
 *       pod spec leaves it to the image;
 *   <li>{@code HostConfig.Privileged}, {@code ReadonlyRootfs}, {@code CapAdd}, {@code CapDrop};
 *   <li>{@code HostConfig.SecurityOpt}: {@code no-new-privileges} when
 *       {@code allowPrivilegeEscalation} is false; {@code seccomp=unconfined} or
 *       {@code seccomp=<file>} for Unconfined and Localhost profiles (RuntimeDefault is the
 *       runtime's default profile, which Docker shows as no option at all); {@code label=...}
 *       from {@code seLinuxOptions};
 *   <li>{@code AppArmorProfile}: {@code docker-default} for RuntimeDefault (Docker's name for its
 *       default profile), the profile name for Localhost, {@code unconfined};
 *   <li>{@code HostConfig.Memory} and {@code NanoCpus} from the limits, {@code CpuShares} from the
 *       CPU request (the kubelet's formula: millicores × 1024 / 1000);
 *   <li>{@code HostConfig.PidsLimit} from the pod annotation {@value #PIDS_LIMIT_ANNOTATION}: a pod
 *       spec has no PID limit field; the chart states there what the nodes must enforce (kubelet
 *       {@code podPidsLimit}), see docs/deploy.md;
 *   <li>{@code NetworkMode}, {@code PidMode}, {@code IpcMode}, {@code UTSMode}: {@code host} with
 *       {@code hostNetwork}, {@code hostPID}, {@code hostIPC}; otherwise the container joins its pod
 *       sandbox ({@code container:<sandbox>}), as the kubelet's Docker integration did;
 *   <li>{@code HostConfig.RestartPolicy}: {@code always}, {@code on-failure} (retries =
 *       {@code backoffLimit}) or {@code no}, from the pod's {@code restartPolicy};
 *   <li>{@code Mounts}: hostPath volumes as binds (RW unless the mount is read-only, propagation
 *       from {@code mountPropagation}); other volumes as volumes;
 *   <li>{@code Config.Env}: literal values as they are; values from Secrets, ConfigMaps or the
 *       downward API as the placeholders of what the runtime will put there — a Secret's value
 *       is in the container's environment at runtime;
 *   <li>{@code Config.Healthcheck}: the liveness (else readiness) probe — what the kubelet runs
 *       in place of an image's HEALTHCHECK, which it ignores;
 *   <li>{@code NetworkSettings.Ports}: only ports with a {@code hostPort} are published.
 * </ul>
 */
final class PodSpecAsDockerInspect {

    /** The pod annotation in which the chart states the PID limit the nodes enforce. */
    static final String PIDS_LIMIT_ANNOTATION = "plimsoll.dev/pids-limit";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PodSpecAsDockerInspect() {}

    /**
     * The inspect document of {@code container} in {@code workload}; {@code configMaps} resolves
     * {@code envFrom} and {@code configMapKeyRef}.
     */
    static String of(RenderedChart.Workload workload, Container container, List<ConfigMap> configMaps) {
        PodSpec pod = workload.spec();
        PodSecurityContext podContext =
                Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        SecurityContext own =
                Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        String sandbox = "container:" + workload.name() + "-sandbox";

        ObjectNode inspect = JSON.createObjectNode();
        inspect.put("Id", workload.kind() + "/" + workload.name() + "/" + container.getName());
        inspect.put("Name", "/" + workload.name() + "_" + container.getName());
        inspect.put("AppArmorProfile", appArmor(first(own.getAppArmorProfile(), podContext.getAppArmorProfile())));

        ObjectNode config = inspect.putObject("Config");
        config.put(
                "User",
                user(
                        first(own.getRunAsUser(), podContext.getRunAsUser()),
                        first(own.getRunAsGroup(), podContext.getRunAsGroup())));
        config.put("Image", container.getImage());
        ArrayNode env = config.putArray("Env");
        environment(container, configMaps).forEach(env::add);
        Probe probe = first(container.getLivenessProbe(), container.getReadinessProbe());
        if (probe != null) {
            ObjectNode health = config.putObject("Healthcheck");
            health.putArray("Test").add("CMD-SHELL").add("kubelet probe: " + describe(probe));
            health.put("Interval", seconds(probe.getPeriodSeconds(), 10) * NANOS_PER_SECOND);
            health.put("Timeout", seconds(probe.getTimeoutSeconds(), 1) * NANOS_PER_SECOND);
            health.put("Retries", seconds(probe.getFailureThreshold(), 3));
        }

        ObjectNode host = inspect.putObject("HostConfig");
        host.put("Privileged", Boolean.TRUE.equals(own.getPrivileged()));
        host.put("ReadonlyRootfs", Boolean.TRUE.equals(own.getReadOnlyRootFilesystem()));
        Capabilities capabilities = Optional.ofNullable(own.getCapabilities()).orElseGet(Capabilities::new);
        ArrayNode capAdd = host.putArray("CapAdd");
        Optional.ofNullable(capabilities.getAdd()).orElse(List.of()).forEach(capAdd::add);
        ArrayNode capDrop = host.putArray("CapDrop");
        Optional.ofNullable(capabilities.getDrop()).orElse(List.of()).forEach(capDrop::add);
        ArrayNode securityOptions = host.putArray("SecurityOpt");
        if (Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
            securityOptions.add("no-new-privileges");
        }
        seccomp(first(own.getSeccompProfile(), podContext.getSeccompProfile())).ifPresent(securityOptions::add);
        selinux(first(own.getSeLinuxOptions(), podContext.getSeLinuxOptions())).forEach(securityOptions::add);
        Map<String, Quantity> limits =
                Optional.ofNullable(container.getResources().getLimits()).orElse(Map.of());
        Map<String, Quantity> requests =
                Optional.ofNullable(container.getResources().getRequests()).orElse(Map.of());
        host.put("Memory", amount(limits.get("memory")).longValue());
        host.put(
                "NanoCpus",
                amount(limits.get("cpu"))
                        .multiply(BigDecimal.valueOf(NANOS_PER_SECOND))
                        .longValue());
        host.put(
                "CpuShares",
                amount(requests.get("cpu")).multiply(BigDecimal.valueOf(1024)).longValue());
        String pidsLimit = Optional.ofNullable(workload.podMetadata().getAnnotations())
                .map(annotations -> annotations.get(PIDS_LIMIT_ANNOTATION))
                .orElse(null);
        if (pidsLimit != null) {
            host.put("PidsLimit", Long.parseLong(pidsLimit));
        }
        host.put("NetworkMode", Boolean.TRUE.equals(pod.getHostNetwork()) ? "host" : sandbox);
        host.put("UTSMode", Boolean.TRUE.equals(pod.getHostNetwork()) ? "host" : "");
        host.put(
                "PidMode",
                Boolean.TRUE.equals(pod.getHostPID())
                        ? "host"
                        : Boolean.TRUE.equals(pod.getShareProcessNamespace()) ? sandbox : "");
        host.put("IpcMode", Boolean.TRUE.equals(pod.getHostIPC()) ? "host" : sandbox);
        host.put("UsernsMode", "");
        host.put("CgroupParent", "");
        host.putArray("Devices");
        ObjectNode restart = host.putObject("RestartPolicy");
        switch (Optional.ofNullable(pod.getRestartPolicy()).orElse("Always")) {
            case "Never" -> restart.put("Name", "no").put("MaximumRetryCount", 0);
            case "OnFailure" ->
                restart.put("Name", "on-failure")
                        .put(
                                "MaximumRetryCount",
                                Optional.ofNullable(workload.backoffLimit()).orElse(6));
            default -> restart.put("Name", "always").put("MaximumRetryCount", 0);
        }

        ArrayNode mounts = inspect.putArray("Mounts");
        for (VolumeMount mount :
                Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
            Volume volume = pod.getVolumes().stream()
                    .filter(candidate -> candidate.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalStateException(workload + " mounts an undeclared volume " + mount.getName()));
            ObjectNode entry = mounts.addObject();
            if (volume.getHostPath() != null) {
                entry.put("Type", "bind").put("Source", volume.getHostPath().getPath());
            } else {
                entry.put("Type", "volume").put("Name", volume.getName()).put("Source", "");
            }
            entry.put("Destination", mount.getMountPath());
            entry.put("RW", !Boolean.TRUE.equals(mount.getReadOnly()));
            entry.put("Propagation", propagation(mount.getMountPropagation()));
        }

        ObjectNode ports = inspect.putObject("NetworkSettings").putObject("Ports");
        for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
            String key = port.getContainerPort() + "/"
                    + Optional.ofNullable(port.getProtocol()).orElse("TCP").toLowerCase();
            if (port.getHostPort() != null && port.getHostPort() > 0) {
                ports.putArray(key)
                        .addObject()
                        .put("HostIp", Optional.ofNullable(port.getHostIP()).orElse("0.0.0.0"))
                        .put("HostPort", String.valueOf(port.getHostPort()));
            } else {
                ports.putNull(key);
            }
        }
        return inspect.toString();
    }

    private static String user(Long uid, Long gid) {
        if (uid == null) {
            return "";
        }
        return gid == null ? uid.toString() : uid + ":" + gid;
    }

    private static String appArmor(AppArmorProfile profile) {
        if (profile == null) {
            return "";
        }
        return switch (profile.getType()) {
            case "RuntimeDefault" -> "docker-default";
            case "Localhost" -> profile.getLocalhostProfile();
            default -> "unconfined";
        };
    }

    private static Optional<String> seccomp(SeccompProfile profile) {
        if (profile == null || profile.getType().equals("RuntimeDefault")) {
            return Optional.empty();
        }
        return Optional.of(
                profile.getType().equals("Localhost")
                        ? "seccomp=" + profile.getLocalhostProfile()
                        : "seccomp=unconfined");
    }

    private static List<String> selinux(SELinuxOptions options) {
        if (options == null) {
            return List.of();
        }
        return Stream.of(
                        label("user", options.getUser()),
                        label("role", options.getRole()),
                        label("type", options.getType()),
                        label("level", options.getLevel()))
                .filter(Objects::nonNull)
                .toList();
    }

    private static String label(String part, String value) {
        return value == null || value.isEmpty() ? null : "label=" + part + ":" + value;
    }

    private static String propagation(String mountPropagation) {
        return switch (Optional.ofNullable(mountPropagation).orElse("None")) {
            case "HostToContainer" -> "rslave";
            case "Bidirectional" -> "rshared";
            default -> "rprivate";
        };
    }

    private static List<String> environment(Container container, List<ConfigMap> configMaps) {
        Function<String, Map<String, String>> dataOf = name -> configMaps.stream()
                .filter(map -> map.getMetadata().getName().equals(name))
                .findFirst()
                .map(ConfigMap::getData)
                .orElse(Map.of());
        List<String> env = new ArrayList<>();
        for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            if (source.getConfigMapRef() != null) {
                dataOf.apply(source.getConfigMapRef().getName()).forEach((name, value) -> env.add(name + "=" + value));
            } else if (source.getSecretRef() != null) {
                // Every key of the Secret becomes a variable: its names are unknown here, its values secret.
                env.add("SECRET_ENV_FROM_" + source.getSecretRef().getName() + "=<values of the Secret>");
            }
        }
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            String value;
            if (variable.getValueFrom() == null) {
                value = Optional.ofNullable(variable.getValue()).orElse("");
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                value = "<value of key " + ref.getKey() + " in Secret " + ref.getName() + ">";
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                value = dataOf.apply(ref.getName()).getOrDefault(ref.getKey(), "");
            } else {
                value = "<set by the kubelet>";
            }
            env.add(variable.getName() + "=" + value);
        }
        return env;
    }

    private static String describe(Probe probe) {
        if (probe.getHttpGet() != null) {
            return "GET :" + port(probe.getHttpGet().getPort())
                    + probe.getHttpGet().getPath();
        }
        if (probe.getExec() != null) {
            return String.join(" ", probe.getExec().getCommand());
        }
        if (probe.getGrpc() != null) {
            return "grpc :" + probe.getGrpc().getPort();
        }
        return "tcp :" + port(probe.getTcpSocket().getPort());
    }

    private static String port(io.fabric8.kubernetes.api.model.IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private static long seconds(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
