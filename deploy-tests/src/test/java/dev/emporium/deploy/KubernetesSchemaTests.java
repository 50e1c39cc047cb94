package dev.emporium.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Lifecycle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator itself: it knows Kubernetes 1.33, and refuses unknown fields and removed API versions. */
class KubernetesSchemaTests {

    @Test
    void theModelsAreOfKubernetes133OrNewer() throws NoSuchFieldException {
        // Container lifecycle stopSignal came with Kubernetes 1.33.
        assertThat(Lifecycle.class.getDeclaredField("stopSignal")).isNotNull();
    }

    @Test
    void aValidDeploymentHasNoViolations() {
        assertThat(KubernetesSchema.violations(deployment("apps/v1", "replicas"))).isEmpty();
    }

    @Test
    void anUnknownFieldDeepInsideIsAViolation() {
        List<String> violations = KubernetesSchema.violations(Kustomize.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: web:1.0
                          readinessProbe:
                            httpGet: {path: /readyz, port: 8080}
                            periodSecond: 5
                """).getFirst());
        assertThat(violations).singleElement().asString().contains("periodSecond").contains("readinessProbe");
    }

    @Test
    void aRemovedApiVersionIsAViolation() {
        assertThat(KubernetesSchema.violations(Kustomize.parse("""
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
                """).getFirst())).singleElement().asString().contains("no longer served");
        assertThat(KubernetesSchema.violations(deployment("apps/v1beta3", "replicas"))).singleElement()
            .asString().contains("apps/v1beta3");
    }

    @Test
    void customResourcesAreToldApart() {
        assertThat(KubernetesSchema.isBuiltIn(Map.of("apiVersion", "keda.sh/v1alpha1"))).isFalse();
        assertThat(KubernetesSchema.isBuiltIn(Map.of("apiVersion", "v1"))).isTrue();
    }

    private static Map<String, Object> deployment(String apiVersion, String replicasField) {
        return Kustomize.parse("""
                apiVersion: %s
                kind: Deployment
                metadata: {name: web}
                spec:
                  %s: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: "web:1.0"}]
                """.formatted(apiVersion, replicasField)).getFirst();
    }
}
