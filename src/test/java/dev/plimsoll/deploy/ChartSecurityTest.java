package dev.plimsoll.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the rendered chart promises: every container locked down, bounded and probed, secrets only
 * by reference, the network closed but for what Plimsoll needs.
 */
class ChartSecurityTest {

    /** Environment variable names that would carry a secret if given a literal value. */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY)", Pattern.CASE_INSENSITIVE);

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("default values", RenderedChart.withDefaults()),
                Arguments.of("collector with its defaults", RenderedChart.withCollectorDefaults()),
                Arguments.of("every optional part", RenderedChart.withEveryOptionalPart()));
    }

    private static List<Container> allContainers(RenderedChart.Workload workload) {
        List<Container> containers = new ArrayList<>(workload.spec().getContainers());
        containers.addAll(
                Optional.ofNullable(workload.spec().getInitContainers()).orElse(List.of()));
        return containers;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void every_container_runs_locked_down(String rendering, RenderedChart chart) {
        List<RenderedChart.Workload> workloads = chart.workloads();
        assertFalse(workloads.isEmpty());
        List<Runnable> checks = new ArrayList<>();
        for (RenderedChart.Workload workload : workloads) {
            PodSecurityContext pod = workload.spec().getSecurityContext();
            assertNotNull(pod, workload + " has a pod security context");
            for (Container container : allContainers(workload)) {
                String where = workload + " container " + container.getName();
                SecurityContext own = Objects.requireNonNull(container.getSecurityContext(), where);
                checks.add(() -> assertEquals(
                        Boolean.TRUE, first(own.getRunAsNonRoot(), pod.getRunAsNonRoot()), where + " runAsNonRoot"));
                checks.add(() -> assertTrue(
                        Optional.ofNullable(first(own.getRunAsUser(), pod.getRunAsUser()))
                                        .orElse(0L)
                                > 0,
                        where + " runs as a numeric non-root uid"));
                checks.add(
                        () -> assertEquals(Boolean.TRUE, own.getReadOnlyRootFilesystem(), where + " read-only root"));
                checks.add(() -> assertEquals(
                        Boolean.FALSE, own.getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation"));
                checks.add(() -> assertFalse(Boolean.TRUE.equals(own.getPrivileged()), where + " privileged"));
                checks.add(() -> assertEquals(
                        List.of("ALL"), own.getCapabilities().getDrop(), where + " drops every capability"));
                checks.add(() -> assertTrue(
                        own.getCapabilities().getAdd() == null
                                || own.getCapabilities().getAdd().isEmpty(),
                        where + " adds no capability"));
                String seccomp = first(
                        own.getSeccompProfile() == null
                                ? null
                                : own.getSeccompProfile().getType(),
                        pod.getSeccompProfile() == null
                                ? null
                                : pod.getSeccompProfile().getType());
                checks.add(() -> assertEquals("RuntimeDefault", seccomp, where + " seccomp profile"));
            }
        }
        assertAll(checks.stream().map(check -> check::run));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void every_container_has_cpu_and_memory_requests_and_limits(String rendering, RenderedChart chart) {
        List<Runnable> checks = new ArrayList<>();
        for (RenderedChart.Workload workload : chart.workloads()) {
            for (Container container : allContainers(workload)) {
                String where = workload + " container " + container.getName();
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                for (String resource : List.of("cpu", "memory")) {
                    checks.add(() -> assertNotNull(requests.get(resource), where + " requests " + resource));
                    checks.add(() -> assertNotNull(limits.get(resource), where + " limits " + resource));
                    checks.add(() -> assertTrue(
                            Quantity.getAmountInBytes(requests.get(resource))
                                            .compareTo(Quantity.getAmountInBytes(limits.get(resource)))
                                    <= 0,
                            where + " " + resource + " request within its limit"));
                }
            }
        }
        assertAll(checks.stream().map(check -> check::run));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void no_pod_shares_a_host_namespace_or_gets_a_service_account_token(String rendering, RenderedChart chart) {
        for (RenderedChart.Workload workload : chart.workloads()) {
            assertEquals(Boolean.FALSE, workload.spec().getAutomountServiceAccountToken(), workload + " token");
            assertFalse(Boolean.TRUE.equals(workload.spec().getHostNetwork()), workload + " hostNetwork");
            assertFalse(Boolean.TRUE.equals(workload.spec().getHostPID()), workload + " hostPID");
            assertFalse(Boolean.TRUE.equals(workload.spec().getHostIPC()), workload + " hostIPC");
            assertNotNull(
                    workload.podMetadata().getAnnotations().get(PodSpecAsDockerInspect.PIDS_LIMIT_ANNOTATION),
                    workload + " states the PID limit the nodes must enforce");
        }
        for (ServiceAccount account : chart.all(ServiceAccount.class)) {
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), RenderedChart.describe(account));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void host_paths_appear_only_in_the_collector_and_only_the_spool_is_writable(String rendering, RenderedChart chart) {
        for (RenderedChart.Workload workload : chart.workloads()) {
            List<Volume> hostPaths = workload.spec().getVolumes().stream()
                    .filter(volume -> volume.getHostPath() != null)
                    .toList();
            if (!workload.kind().equals("DaemonSet")) {
                assertEquals(List.of(), hostPaths, workload + " mounts no host path");
                continue;
            }
            for (Volume volume : hostPaths) {
                for (Container container : workload.spec().getContainers()) {
                    for (VolumeMount mount : container.getVolumeMounts()) {
                        if (mount.getName().equals(volume.getName())
                                && !volume.getName().equals("spool")) {
                            assertEquals(
                                    Boolean.TRUE, mount.getReadOnly(), workload + " mounts " + mount.getMountPath());
                            assertTrue(mount.getMountPath().startsWith("/host/"), mount.getMountPath());
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void no_secret_value_is_rendered(String rendering, RenderedChart chart) {
        assertEquals(List.of(), chart.kinds().stream().filter("Secret"::equals).toList(), "the chart makes no Secret");
        List<Runnable> checks = new ArrayList<>();
        for (RenderedChart.Workload workload : chart.workloads()) {
            for (Container container : allContainers(workload)) {
                for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    if (SECRET_NAME.matcher(env.getName()).find()) {
                        checks.add(() -> assertTrue(
                                env.getValue() == null
                                        && env.getValueFrom() != null
                                        && env.getValueFrom().getSecretKeyRef() != null,
                                workload + " " + env.getName() + " comes from a Secret by reference"));
                    }
                }
            }
        }
        for (ConfigMap configMap : chart.all(ConfigMap.class)) {
            for (String key :
                    Optional.ofNullable(configMap.getData()).orElse(Map.of()).keySet()) {
                boolean reference = key.endsWith("_FILE") || key.endsWith(".json");
                checks.add(() -> assertTrue(
                        reference || !SECRET_NAME.matcher(key).find(),
                        RenderedChart.describe(configMap) + " holds no secret-looking key " + key));
            }
        }
        assertAll(checks.stream().map(check -> check::run));
    }

    @Test
    void the_realm_config_map_holds_placeholders_instead_of_secrets() throws Exception {
        String realm = RenderedChart.withDefaults()
                .configMapData("plimsoll-keycloak-realm")
                .get("plimsoll-realm.json");
        List<String> literal = new ArrayList<>();
        new ObjectMapper().readTree(realm).findParents("secret").forEach(parent -> {
            String value = parent.get("secret").asText("");
            if (!value.isEmpty() && !value.matches("\\$\\{[A-Z0-9_]+}")) {
                literal.add(parent.path("clientId").asText("?"));
            }
        });

        assertEquals(List.of(), literal, "clients whose secret is written in the realm file");
    }

    @Test
    void the_backend_is_probed_and_shuts_down_within_its_grace_period() {
        RenderedChart chart = RenderedChart.withDefaults();
        var pod =
                chart.get(Deployment.class, "plimsoll").getSpec().getTemplate().getSpec();
        Container backend = pod.getContainers().get(0);

        assertEquals("/q/health/started", path(backend.getStartupProbe()));
        assertEquals("/q/health/ready", path(backend.getReadinessProbe()));
        assertEquals("/q/health/live", path(backend.getLivenessProbe()));
        long preStop = backend.getLifecycle().getPreStop().getSleep().getSeconds();
        long quarkus = Duration.parse("PT" + chart.configMapData("plimsoll").get("QUARKUS_SHUTDOWN_TIMEOUT"))
                .toSeconds();
        assertTrue(preStop > 0, "a preStop sleep");
        assertTrue(
                preStop + quarkus < pod.getTerminationGracePeriodSeconds(),
                "preStop " + preStop + "s + Quarkus shutdown " + quarkus + "s within the grace period "
                        + pod.getTerminationGracePeriodSeconds() + "s");
    }

    @Test
    void the_backend_connects_as_the_application_role_and_never_migrates() {
        RenderedChart chart = RenderedChart.withDefaults();
        Container backend = chart.get(Deployment.class, "plimsoll")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        assertEquals("false", chart.configMapData("plimsoll").get("QUARKUS_FLYWAY_OWNER_MIGRATE_AT_START"));
        assertEquals("plimsoll-db-app", secretOf(backend, "QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("plimsoll-oidc", secretOf(backend, "QUARKUS_OIDC_CREDENTIALS_SECRET"));
        assertTrue(
                backend.getEnv().stream()
                        .map(env -> env.getValueFrom() == null
                                ? null
                                : env.getValueFrom().getSecretKeyRef())
                        .filter(Objects::nonNull)
                        .noneMatch(ref -> ref.getName().equals("plimsoll-db-owner")),
                "the owner's credentials never reach the backend");
    }

    @Test
    void the_migration_job_runs_before_install_and_upgrade_as_the_owner_and_exits() {
        Job job = RenderedChart.withDefaults().get(Job.class, "plimsoll-migrate");
        Container migrate =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new java.util.HashMap<>();
        migrate.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));

        assertEquals(
                "pre-install,pre-upgrade", job.getMetadata().getAnnotations().get(RenderedChart.HOOK_ANNOTATION));
        assertEquals("true", env.get("QUARKUS_FLYWAY_OWNER_MIGRATE_AT_START"));
        assertEquals("true", env.get("PLIMSOLL_MIGRATE_ONLY"));
        assertEquals("plimsoll-db-owner", secretOf(migrate, "QUARKUS_DATASOURCE_OWNER_PASSWORD"));
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertNotNull(job.getSpec().getActiveDeadlineSeconds(), "a migration that hangs is stopped");
        assertEquals(
                RenderedChart.withDefaults()
                        .get(Deployment.class, "plimsoll")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage(),
                migrate.getImage(),
                "the job runs the backend's own image");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void network_policies_cover_every_pod_and_open_only_dns_postgresql_and_keycloak(
            String rendering, RenderedChart chart) {
        List<NetworkPolicy> policies = chart.all(NetworkPolicy.class);
        for (RenderedChart.Workload workload : chart.workloads()) {
            Map<String, String> labels = workload.podMetadata().getLabels();
            assertTrue(
                    policies.stream()
                            .anyMatch(policy -> labels.entrySet()
                                    .containsAll(policy.getSpec()
                                            .getPodSelector()
                                            .getMatchLabels()
                                            .entrySet())),
                    workload + " is selected by a NetworkPolicy");
        }
        for (NetworkPolicy policy : policies) {
            assertEquals(
                    List.of("Ingress", "Egress"),
                    policy.getSpec().getPolicyTypes(),
                    policy.getMetadata().getName());
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "an ingress rule names its peers");
            }
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(), "an egress rule names its ports");
            }
        }
        NetworkPolicy backend = chart.get(NetworkPolicy.class, "plimsoll");
        List<Integer> egressPorts = backend.getSpec().getEgress().stream()
                .flatMap(rule -> rule.getPorts().stream())
                .map(port -> port.getPort().getIntVal())
                .distinct()
                .toList();
        assertTrue(egressPorts.containsAll(List.of(53, 5432)), "DNS and PostgreSQL: " + egressPorts);
    }

    @Test
    void the_disruption_budget_and_autoscaler_appear_when_enabled() {
        RenderedChart defaults = RenderedChart.withDefaults();
        RenderedChart all = RenderedChart.withEveryOptionalPart();

        assertEquals(1, defaults.all(PodDisruptionBudget.class).size());
        assertEquals(0, defaults.all(HorizontalPodAutoscaler.class).size());
        HorizontalPodAutoscaler hpa = all.get(HorizontalPodAutoscaler.class, "plimsoll");
        assertEquals("plimsoll", hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2);
        assertEquals(
                0,
                RenderedChart.render(Map.of("podDisruptionBudget.enabled", false))
                        .all(PodDisruptionBudget.class)
                        .size());
    }

    @Test
    void the_optional_parts_are_configured_as_documented() {
        RenderedChart all = RenderedChart.withEveryOptionalPart();

        Ingress ingress = all.get(Ingress.class, "plimsoll");
        assertEquals("plimsoll-tls", ingress.getSpec().getTls().get(0).getSecretName());
        GenericKubernetesResource monitor = all.all(GenericKubernetesResource.class).stream()
                .filter(object -> object.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
        assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
        assertEquals("/q/metrics", monitor.get("spec", "endpoints", 0, "path"));
        DaemonSet collector = all.get(DaemonSet.class, "plimsoll-collector");
        var pod = collector.getSpec().getTemplate().getSpec();
        assertEquals(
                List.of(998L), pod.getSecurityContext().getSupplementalGroups(), "the docker group, for the socket");
        String loop = String.join(" ", pod.getContainers().get(0).getCommand());
        assertTrue(loop.contains("--host-root /host") && loop.contains("sleep \"$PLIMSOLL_INTERVAL\""), loop);
        Volume socket = pod.getVolumes().stream()
                .filter(volume -> volume.getName().equals("docker-socket"))
                .findFirst()
                .orElseThrow();
        assertEquals("Socket", socket.getHostPath().getType());
        assertTrue(
                RenderedChart.render(Map.of(
                                "collector.enabled",
                                true,
                                "collector.token.existingSecret",
                                "plimsoll-collector-token"))
                        .get(DaemonSet.class, "plimsoll-collector")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .stream()
                        .noneMatch(volume -> volume.getName().equals("docker-socket")),
                "the Docker socket is mounted only when asked for");
    }

    private static String path(Probe probe) {
        assertNotNull(probe);
        return probe.getHttpGet().getPath();
    }

    private static String secretOf(Container container, String variable) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(variable))
                .map(env -> env.getValueFrom().getSecretKeyRef().getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError(variable + " is not set from a Secret"));
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
