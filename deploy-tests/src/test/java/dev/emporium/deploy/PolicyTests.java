package dev.emporium.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.emporium.embedded.EmbeddedService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static dev.emporium.deploy.Objects.at;
import static dev.emporium.deploy.Objects.list;
import static dev.emporium.deploy.Objects.map;
import static dev.emporium.deploy.Objects.name;
import static dev.emporium.deploy.Objects.ofKind;
import static dev.emporium.deploy.Objects.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policies over each overlay's rendered objects: every service of the platform is deployed, from an image named
 * after its module, with probes on the health groups, limits, a non-root read-only container and no :latest tag; a
 * PodDisruptionBudget and an autoscaler each (an HPA on CPU, or KEDA's on CPU and its queue for a queue consumer);
 * NetworkPolicies that deny by default and select every service; and the operators' resources with the fields
 * their CRDs require (these are not validated against the CRDs' schemas).
 */
class PolicyTests {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    static final List<String> SERVICES = EmbeddedService.ALL.stream().map(EmbeddedService::name).toList();

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceOfThePlatformIsDeployedFromTheImageOfItsModule(String overlay) {
        List<Map<String, Object>> deployments = ofKind(Kustomize.render(overlay), "Deployment");
        assertThat(deployments).extracting(Objects::name).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(Repository.serviceModules()).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (Map<String, Object> deployment : deployments) {
            List<Map<String, Object>> containers = list(deployment, "spec.template.spec.containers");
            assertThat(containers).hasSize(1);
            String image = string(containers.getFirst(), "image");
            assertThat(image).as(name(deployment)).matches(".*/" + Pattern.quote(name(deployment)) + ":[A-Za-z0-9._-]+")
                .doesNotEndWith(":latest");
            assertThat(Path.of(Repository.ROOT.toString(), "services", name(deployment), "pom.xml")).exists();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noImageAnywhereIsUntaggedOrLatest(String overlay) {
        List<String> images = Kustomize.render(overlay).stream()
            .flatMap(object -> Stream.of(list(object, "spec.template.spec.containers"),
                    list(object, "spec.template.spec.initContainers")))
            .flatMap(List::stream)
            .map(container -> string(container, "image"))
            .toList();
        assertThat(images).isNotEmpty().allSatisfy(image -> assertThat(image).matches(".+:[A-Za-z0-9._-]+")
            .doesNotEndWith(":latest"));
        List<String> dataImages = Kustomize.render(overlay).stream()
            .flatMap(object -> Stream.of(string(object, "spec.imageName"), string(object, "spec.image"),
                    string(object, "spec.kubernetesConfig.image")))
            .filter(java.util.Objects::nonNull)
            .toList();
        assertThat(dataImages).hasSize(7).allSatisfy(image -> assertThat(image).matches(".+:[A-Za-z0-9._-]+")
            .doesNotEndWith(":latest"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerHasProbesLimitsAndALockedDownSecurityContext(String overlay) {
        for (Map<String, Object> deployment : ofKind(Kustomize.render(overlay), "Deployment")) {
            Map<String, Object> pod = map(deployment, "spec.template.spec");
            Map<String, Object> container = list(pod, "containers").getFirst();
            String what = name(deployment);
            assertThat(string(container, "startupProbe.httpGet.path")).as(what).isEqualTo("/livez");
            assertThat(string(container, "livenessProbe.httpGet.path")).as(what).isEqualTo("/livez");
            assertThat(string(container, "readinessProbe.httpGet.path")).as(what).isEqualTo("/readyz");
            assertThat(map(container, "resources.requests")).as(what).containsKeys("cpu", "memory");
            assertThat(map(container, "resources.limits")).as(what).containsKeys("cpu", "memory");
            assertThat(at(pod, "securityContext.runAsNonRoot")).as(what).isEqualTo(true);
            assertThat(((Number) at(pod, "securityContext.runAsUser")).intValue()).as(what).isPositive();
            assertThat(at(container, "securityContext.readOnlyRootFilesystem")).as(what).isEqualTo(true);
            assertThat(at(container, "securityContext.allowPrivilegeEscalation")).as(what).isEqualTo(false);
            assertThat(Objects.values(container, "securityContext.capabilities.drop")).as(what).contains("ALL");
            // The drain: preStop, then Boot's 10 s shutdown phase, inside the grace period.
            int preStop = ((Number) at(container, "lifecycle.preStop.sleep.seconds")).intValue();
            assertThat(((Number) pod.get("terminationGracePeriodSeconds")).intValue()).as(what)
                .isGreaterThanOrEqualTo(preStop + 10 + 5);
            assertThat(list(pod, "topologySpreadConstraints")).as(what).isNotEmpty();
            // A read-only root: the JVM's and Tomcat's temporary files go to a volume.
            assertThat(list(container, "volumeMounts")).as(what).extracting(mount -> mount.get("mountPath")).contains("/tmp");
            assertThat(map(deployment, "spec.template.metadata.annotations")).as(what)
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/actuator/prometheus");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceHasAPodDisruptionBudgetAndExactlyOneAutoscaler(String overlay) throws IOException {
        List<Map<String, Object>> objects = Kustomize.render(overlay);
        Map<String, String> queues = consumedQueues();
        assertThat(queues).containsKeys("orders", "inventory", "payments", "notifications");
        for (String service : SERVICES) {
            assertThat(ofKind(objects, "PodDisruptionBudget")).as(service)
                .anySatisfy(pdb -> assertThat(map(pdb, "spec.selector.matchLabels")).containsEntry("app.kubernetes.io/name", service));
            List<Map<String, Object>> hpas = ofKind(objects, "HorizontalPodAutoscaler").stream()
                .filter(hpa -> service.equals(string(hpa, "spec.scaleTargetRef.name")))
                .toList();
            List<Map<String, Object>> scaled = ofKind(objects, "ScaledObject").stream()
                .filter(object -> service.equals(string(object, "spec.scaleTargetRef.name")))
                .toList();
            if (queues.containsKey(service)) {
                // KEDA makes the HPA of a ScaledObject; a second one would fight it.
                assertThat(hpas).as(service).isEmpty();
                assertThat(scaled).as(service).hasSize(1);
                List<Map<String, Object>> triggers = list(scaled.getFirst(), "spec.triggers");
                assertThat(triggers).extracting(trigger -> trigger.get("type")).containsExactlyInAnyOrder("cpu", "rabbitmq");
                Map<String, Object> rabbit = triggers.stream().filter(t -> "rabbitmq".equals(t.get("type"))).findFirst().orElseThrow();
                assertThat(map(rabbit, "metadata")).containsEntry("queueName", queues.get(service))
                    .containsEntry("mode", "QueueLength").containsKey("hostFromEnv");
                assertThat(string(rabbit, "authenticationRef.name")).isNotNull();
                assertThat(((Number) at(scaled.getFirst(), "spec.minReplicaCount")).intValue()).isPositive();
            }
            else {
                assertThat(scaled).as(service).isEmpty();
                assertThat(hpas).as(service).hasSize(1);
                assertThat(list(hpas.getFirst(), "spec.metrics")).extracting(metric -> string(metric, "resource.name"))
                    .containsExactly("cpu");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void networkPoliciesDenyByDefaultAndCoverEveryService(String overlay) {
        List<Map<String, Object>> policies = ofKind(Kustomize.render(overlay), "NetworkPolicy");
        assertThat(policies).anySatisfy(policy -> {
            assertThat(map(policy, "spec.podSelector")).isEmpty();
            assertThat(Objects.values(policy, "spec.policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy).extractingByKey("spec").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKeys("ingress", "egress");
        });
        for (String service : SERVICES) {
            List<Map<String, Object>> own = policies.stream()
                .filter(policy -> service.equals(map(policy, "spec.podSelector.matchLabels").get("app.kubernetes.io/name")))
                .toList();
            assertThat(own).as(service).hasSize(1);
            assertThat(list(own.getFirst(), "spec.ingress")).as(service).isNotEmpty();
            assertThat(Objects.values(own.getFirst(), "spec.policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        }
        // Every call a service makes is let out of the caller and into the callee.
        Map<String, Set<String>> egress = new TreeMap<>();
        Map<String, Set<String>> ingress = new TreeMap<>();
        for (Map<String, Object> policy : policies) {
            Object self = map(policy, "spec.podSelector.matchLabels").get("app.kubernetes.io/name");
            if (self == null) {
                continue;
            }
            egress.put((String) self, peers(list(policy, "spec.egress"), "to"));
            ingress.put((String) self, peers(list(policy, "spec.ingress"), "from"));
        }
        egress.forEach((caller, callees) -> callees.stream().filter(SERVICES::contains).filter(callee -> !callee.equals(caller))
            .forEach(callee -> assertThat(ingress.get(callee)).as(caller + " -> " + callee).contains(caller)));
        assertThat(egress.get("gateway")).containsAll(SERVICES.stream().filter(s -> !Set.of("gateway", "payment-provider").contains(s)).toList());
        assertThat(egress.get("payments")).contains("payment-provider");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theDataTierIsRunByOperatorsWithReplicasAndFailover(String overlay) {
        List<Map<String, Object>> objects = Kustomize.render(overlay);
        assertThat(ofKind(objects, "StatefulSet")).isEmpty();
        List<Map<String, Object>> clusters = ofKind(objects, "Cluster");
        assertThat(clusters).extracting(Objects::name).containsExactlyInAnyOrder("pg-directory", "pg-catalog", "pg-s0", "pg-s1");
        int expectedInstances = overlay.equals("prod") ? 3 : 1;
        for (Map<String, Object> cluster : clusters) {
            assertThat(string(cluster, "apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
            assertThat(((Number) at(cluster, "spec.instances")).intValue()).isEqualTo(expectedInstances);
            assertThat(string(cluster, "spec.storage.size")).isNotBlank();
            assertThat(string(cluster, "spec.imageName")).isNotBlank();
        }
        for (Map<String, Object> database : ofKind(objects, "Database")) {
            assertThat(map(database, "spec")).containsKeys("name", "owner");
            assertThat(clusters).extracting(Objects::name).contains(string(database, "spec.cluster.name"));
        }
        // Every database a service's postgres profile names exists on the cluster it is told to use.
        assertThat(Stream.concat(ofKind(objects, "Database").stream().map(db -> string(db, "spec.name")),
                clusters.stream().map(c -> string(c, "spec.bootstrap.initdb.database"))).collect(Collectors.toSet()))
            .containsAll(Set.of("emporium_directory", "emporium_catalog", "emporium_inventory", "emporium_media",
                    "emporium_notifications", "emporium_payment_provider", "emporium_orders_s0", "emporium_orders_s1",
                    "emporium_cart_s0", "emporium_cart_s1", "emporium_identity_s0", "emporium_identity_s1",
                    "emporium_payments_s0", "emporium_payments_s1"));
        Map<String, Object> rabbit = ofKind(objects, "RabbitmqCluster").getFirst();
        assertThat(((Number) at(rabbit, "spec.replicas")).intValue()).isEqualTo(overlay.equals("prod") ? 3 : 1);
        Map<String, Object> redis = ofKind(objects, "RedisReplication").getFirst();
        Map<String, Object> sentinel = ofKind(objects, "RedisSentinel").getFirst();
        assertThat(string(sentinel, "spec.redisSentinelConfig.redisReplicationName")).isEqualTo(name(redis));
        assertThat(string(redis, "spec.kubernetesConfig.image")).isNotBlank();
        for (Map<String, Object> auth : ofKind(objects, "TriggerAuthentication")) {
            assertThat(list(auth, "spec.secretTargetRef")).allSatisfy(ref -> assertThat(ref).containsKeys("parameter", "name", "key"));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noSecretValueIsCommittedAndEverySecretAServiceNeedsIsGenerated(String overlay) throws IOException {
        List<Map<String, Object>> objects = Kustomize.render(overlay);
        Set<String> secrets = ofKind(objects, "Secret").stream().map(Objects::name).collect(Collectors.toSet());
        for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
            Map<String, Object> pod = map(deployment, "spec.template.spec");
            Stream.concat(list(pod, "containers").getFirst() instanceof Map<?, ?> c
                    ? list(c, "env").stream().map(env -> string(env, "valueFrom.secretKeyRef.name")) : Stream.empty(),
                    list(pod, "volumes").stream().map(volume -> string(volume, "secret.secretName")))
                .filter(java.util.Objects::nonNull)
                .filter(secret -> !secret.equals("emporium-rabbitmq-default-user")) // made by the RabbitMQ operator
                .forEach(secret -> assertThat(secrets).as(name(deployment)).contains(secret));
        }
        Path secretsDirectory = Repository.ROOT.resolve("deploy/k8s/overlays").resolve(overlay).resolve("secrets");
        assertThat(Files.readString(secretsDirectory.resolve(".gitignore"))).contains("*\n", "!*.example");
    }

    /** The names of the services a policy's rules let in or out (podSelector app.kubernetes.io/name). */
    private static Set<String> peers(List<Map<String, Object>> rules, String direction) {
        return rules.stream()
            .flatMap(rule -> list(rule, direction).stream())
            .map(peer -> map(peer, "podSelector.matchLabels").get("app.kubernetes.io/name"))
            .filter(java.util.Objects::nonNull)
            .map(String::valueOf)
            .collect(Collectors.toSet());
    }

    /** Each service that consumes a queue, and the queue, as its source declares it ({@code QUEUE = "…"}). */
    static Map<String, String> consumedQueues() throws IOException {
        Map<String, String> queues = new TreeMap<>();
        Pattern declaration = Pattern.compile("static final String QUEUE = \"([a-z.-]+)\"");
        for (String service : SERVICES) {
            Path sources = Repository.ROOT.resolve("services").resolve(service).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    declaration.matcher(Files.readString(file)).results().forEach(match -> queues.put(service, match.group(1)));
                }
            }
        }
        return queues;
    }
}
