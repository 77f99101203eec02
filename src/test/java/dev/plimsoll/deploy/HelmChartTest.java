package dev.plimsoll.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart lints, renders with its defaults and with every optional part, and refuses bad values. */
class HelmChartTest {

    @Test
    void the_chart_passes_helm_lint_in_strict_mode() {
        LintResult result = new Helm(RenderedChart.SOURCE).lint().strict().call();

        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
        List<String> problems = result.getMessages().stream()
                .filter(message -> message.startsWith("[WARNING]") || message.startsWith("[ERROR]"))
                .toList();
        assertEquals(List.of(), problems);
    }

    @Test
    void the_default_values_render_the_backend_with_its_migration_job_and_no_optional_part() {
        RenderedChart chart = RenderedChart.withDefaults();

        assertEquals(
                List.of(
                        "ConfigMap",
                        "Deployment",
                        "Job",
                        "NetworkPolicy",
                        "PodDisruptionBudget",
                        "Service",
                        "ServiceAccount"),
                chart.kinds());
        Deployment deployment = chart.get(Deployment.class, "plimsoll");
        assertTrue(deployment.getSpec().getReplicas() >= 2, "at least two replicas by default");
        assertEquals("RollingUpdate", deployment.getSpec().getStrategy().getType());
        assertEquals(
                0,
                deployment
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal());
    }

    @Test
    void every_optional_part_renders_when_enabled() {
        RenderedChart chart = RenderedChart.withEveryOptionalPart();

        assertEquals(
                List.of(
                        "ConfigMap",
                        "DaemonSet",
                        "Deployment",
                        "HorizontalPodAutoscaler",
                        "Ingress",
                        "Job",
                        "NetworkPolicy",
                        "PodDisruptionBudget",
                        "Service",
                        "ServiceAccount",
                        "ServiceMonitor"),
                chart.kinds());
        assertNull(
                chart.get(Deployment.class, "plimsoll").getSpec().getReplicas(),
                "with autoscaling the HorizontalPodAutoscaler owns the replica count");
    }

    @Test
    void the_rendered_objects_have_no_field_kubernetes_does_not_know() {
        for (RenderedChart chart : List.of(RenderedChart.withDefaults(), RenderedChart.withEveryOptionalPart())) {
            List<String> unknown = new ArrayList<>();
            for (HasMetadata object : chart.objects) {
                UnknownFields.of(object).forEach(path -> unknown.add(RenderedChart.describe(object) + " " + path));
            }
            assertEquals(List.of(), unknown, "fields the Kubernetes model does not know (typos?)");
        }
    }

    @Test
    void the_keycloak_realm_ships_as_a_config_map() {
        String realm = RenderedChart.withDefaults()
                .configMapData("plimsoll-keycloak-realm")
                .get("plimsoll-realm.json");

        assertTrue(realm != null && realm.contains("\"realm\""), "the realm JSON is in the ConfigMap");
        RenderedChart without = RenderedChart.render(Map.of("keycloak.realmConfigMap.enabled", false));
        assertTrue(without.find(ConfigMap.class, "plimsoll-keycloak-realm").isEmpty());
    }

    static Stream<Arguments> bad_values() {
        return Stream.of(
                Arguments.of(Map.of("replicaCount", "two"), "at '/replicaCount': got string, want integer"),
                Arguments.of(Map.of("replicas", 3), "additional properties 'replicas' not allowed"),
                Arguments.of(Map.of("database.app.existingSecret", "null"), "missing property 'existingSecret'"),
                Arguments.of(Map.of("database.owner.existingSecret", ""), "at '/database/owner/existingSecret'"),
                Arguments.of(Map.of("oidc.existingSecret", "null"), "at '/oidc': missing property 'existingSecret'"),
                Arguments.of(
                        Map.of("reports.signing.existingSecret", "null"),
                        "at '/reports/signing': missing property 'existingSecret'"),
                Arguments.of(Map.of("image.tag", "latest"), "at '/image/tag'"),
                Arguments.of(Map.of("database.sslMode", "maybe"), "at '/database/sslMode'"),
                Arguments.of(Map.of("securityContext.runAsUser", 0), "at '/securityContext/runAsUser'"),
                Arguments.of(
                        Map.of("resources.limits.memory", "null"), "at '/resources/limits': missing property 'memory'"),
                Arguments.of(Map.of("service.type", "ExternalName"), "at '/service/type'"),
                Arguments.of(
                        Map.of("collector.enabled", true),
                        "at '/collector/token/existingSecret': minLength: got 0, want 1"),
                Arguments.of(
                        Map.of(
                                "collector.enabled", true,
                                "collector.token.existingSecret", "plimsoll-collector-token",
                                "collector.dockerSocket.enabled", true),
                        "at '/collector/dockerSocket/groupId'"),
                Arguments.of(
                        Map.of("shutdown.timeoutSeconds", 60),
                        "preStopSleepSeconds (5) + timeoutSeconds (60) must be below terminationGracePeriodSeconds (45)"),
                Arguments.of(
                        Map.of("extraEnv.DB_PASSWORD", "hunter2"),
                        "extraEnv.DB_PASSWORD looks like a secret: put it in a Secret and name it in extraSecretEnv"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad_values")
    void bad_values_are_refused_with_a_message_naming_the_value(Map<String, ?> values, String expected) {
        String message = RenderedChart.refusal(new HashMap<>(values));

        assertTrue(message.contains(expected), () -> "expected «" + expected + "» in:\n" + message);
    }
}
