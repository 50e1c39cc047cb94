package dev.emporium.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay renders with kustomize, and every built-in object it renders validates against Kubernetes 1.33. */
class RenderTests {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectValidates(String overlay) {
        List<Map<String, Object>> objects = Kustomize.render(overlay);
        assertThat(objects).hasSizeGreaterThan(50);
        List<String> violations = objects.stream()
            .filter(KubernetesSchema::isBuiltIn)
            .flatMap(object -> KubernetesSchema.violations(object).stream())
            .toList();
        assertThat(violations).isEmpty();
        assertThat(objects).allSatisfy(object -> assertThat(object).containsKeys("apiVersion", "kind", "metadata"));
    }
}
