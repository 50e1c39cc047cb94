package dev.emporium.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.emporium.deploy.Objects.list;
import static dev.emporium.deploy.Objects.map;
import static dev.emporium.deploy.Objects.ofKind;
import static dev.emporium.deploy.Objects.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus/prometheus-k8s.yml finds every service pod the overlays render: its relabelling, applied here to
 * each Deployment's pod annotations and port the way Prometheus applies it (regexes anchored at both ends, $1-style
 * replacements), keeps the pod and scrapes /actuator/prometheus on its container port. (Debian's promtool is built
 * without Kubernetes discovery, so it cannot check this file.)
 */
class PrometheusK8sConfigTests {

    @Test
    void everyServicePodIsScrapedOnItsMetricsEndpoint() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(Repository.ROOT.resolve("deploy/prometheus/prometheus-k8s.yml")));
        Map<String, Object> job = list(config, "scrape_configs").getFirst();
        assertThat(job.get("honor_labels")).isEqualTo(true);
        assertThat(string(list(job, "kubernetes_sd_configs").getFirst(), "role")).isEqualTo("pod");
        List<String> namespaces = Objects.values(list(job, "kubernetes_sd_configs").getFirst(), "namespaces.names")
            .stream().map(String::valueOf).toList();
        assertThat(namespaces).contains("emporium", "emporium-dev");
        for (String overlay : Kustomize.OVERLAYS) {
            for (Map<String, Object> deployment : ofKind(Kustomize.render(overlay), "Deployment")) {
                Map<String, Object> annotations = map(deployment, "spec.template.metadata.annotations");
                Map<String, Object> port = list(list(deployment, "spec.template.spec.containers").getFirst(), "ports").getFirst();
                Map<String, String> labels = new java.util.HashMap<>();
                labels.put("__address__", "10.0.0.7:" + port.get("containerPort"));
                labels.put("__metrics_path__", "/metrics");
                annotations.forEach((key, value) -> labels.put("__meta_kubernetes_pod_annotation_"
                        + key.replaceAll("[^a-zA-Z0-9_]", "_"), String.valueOf(value)));
                labels.put("__meta_kubernetes_pod_label_app_kubernetes_io_name", Objects.name(deployment));
                labels.put("__meta_kubernetes_pod_name", Objects.name(deployment) + "-5d8f-abc12");
                labels.put("__meta_kubernetes_namespace", overlay);
                boolean kept = relabel(list(job, "relabel_configs"), labels);
                assertThat(kept).as(Objects.name(deployment)).isTrue();
                assertThat(labels).as(Objects.name(deployment))
                    .containsEntry("__metrics_path__", "/actuator/prometheus")
                    .containsEntry("__address__", "10.0.0.7:8080")
                    .containsEntry("service", Objects.name(deployment));
            }
        }
        // A pod that does not ask to be scraped is dropped.
        Map<String, String> other = new java.util.HashMap<>(Map.of("__address__", "10.0.0.9:5432"));
        assertThat(relabel(list(job, "relabel_configs"), other)).isFalse();
    }

    /** Prometheus' keep and replace actions (the only ones the file uses). */
    private static boolean relabel(List<Map<String, Object>> rules, Map<String, String> labels) {
        for (Map<String, Object> rule : rules) {
            String separator = String.valueOf(rule.getOrDefault("separator", ";"));
            String value = String.join(separator, Objects.values(rule, "source_labels").stream()
                .map(label -> labels.getOrDefault(String.valueOf(label), "")).toList());
            Pattern regex = Pattern.compile("^(?:" + rule.getOrDefault("regex", "(.*)") + ")$");
            Matcher matcher = regex.matcher(value);
            String action = String.valueOf(rule.getOrDefault("action", "replace"));
            switch (action) {
                case "keep" -> {
                    if (!matcher.matches()) {
                        return false;
                    }
                }
                case "replace" -> {
                    if (matcher.matches()) {
                        String replacement = String.valueOf(rule.getOrDefault("replacement", "$1"));
                        labels.put(String.valueOf(rule.get("target_label")), matcher.replaceFirst(replacement));
                    }
                }
                default -> throw new IllegalArgumentException("relabel action not simulated: " + action);
            }
        }
        return true;
    }
}
