package dev.emporium.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Validates objects against the Kubernetes API as fabric8's models of it (kubernetes-model 7.4: Kubernetes 1.33,
 * generated from that release's OpenAPI): each built-in object must map to a model of its apiVersion and kind (a
 * removed API version has none, or is listed in {@link #REMOVED}), and no field anywhere in it may be unknown to
 * the model (fabric8 keeps unknown fields in additionalProperties, which must stay empty). Custom resources (the
 * operators' and KEDA's) are not built-in: {@link #isBuiltIn} tells them apart, and the policy tests check them.
 */
final class KubernetesSchema {

    /** API groups of custom resources (operators' CRDs), which these models do not know. */
    static final Set<String> CUSTOM_GROUPS = Set.of("postgresql.cnpg.io", "keda.sh", "rabbitmq.com",
            "redis.redis.opstreelabs.in", "monitoring.coreos.com");

    /** API versions removed by Kubernetes 1.33 or earlier (the deprecation guide) that fabric8 may still model. */
    static final Set<String> REMOVED = Set.of("extensions/v1beta1", "apps/v1beta1", "apps/v1beta2", "policy/v1beta1",
            "autoscaling/v2beta1", "autoscaling/v2beta2", "networking.k8s.io/v1beta1", "batch/v1beta1",
            "rbac.authorization.k8s.io/v1beta1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1beta1",
            "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
            "flowcontrol.apiserver.k8s.io/v1beta3", "storage.k8s.io/v1beta1", "node.k8s.io/v1beta1",
            "scheduling.k8s.io/v1beta1", "certificates.k8s.io/v1beta1", "admissionregistration.k8s.io/v1beta1",
            "apiextensions.k8s.io/v1beta1", "coordination.k8s.io/v1beta1", "authentication.k8s.io/v1beta1",
            "authorization.k8s.io/v1beta1", "resource.k8s.io/v1alpha2");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesSchema() {
    }

    static boolean isBuiltIn(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return !CUSTOM_GROUPS.contains(group);
    }

    /** What is wrong with one built-in object: empty when it validates. */
    static List<String> violations(Map<String, Object> object) {
        String name = object.get("kind") + "/" + ((Map<?, ?>) object.getOrDefault("metadata", Map.of())).get("name");
        List<String> violations = new ArrayList<>();
        String apiVersion = String.valueOf(object.get("apiVersion"));
        if (REMOVED.contains(apiVersion)) {
            violations.add(name + ": " + apiVersion + " is no longer served by Kubernetes 1.33");
            return violations;
        }
        HasMetadata model;
        try {
            model = SERIALIZATION.unmarshal(SERIALIZATION.asJson(object), HasMetadata.class);
        }
        catch (RuntimeException ex) {
            violations.add(name + ": does not match the Kubernetes 1.33 API: " + ex.getMessage());
            return violations;
        }
        if (model instanceof GenericKubernetesResource) {
            violations.add(name + ": no " + apiVersion + " " + object.get("kind") + " in the Kubernetes 1.33 API");
            return violations;
        }
        unknownFields(model, name, violations);
        return violations;
    }

    private static void unknownFields(Object value, String path, List<String> violations) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", violations);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, violations));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                }
                catch (IllegalAccessException ex) {
                    throw new IllegalStateException(ex);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                        violations.add(path + ": unknown field(s) " + unknown.keySet());
                    }
                }
                else {
                    unknownFields(fieldValue, path + "." + field.getName(), violations);
                }
            }
        }
    }
}
