package io.lodestone.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.schemas.topics.Topics;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes rendered by {@code kubectl kustomize} (both the base and the production
 * overlay): every built-in object parses into the Kubernetes API types with no field they do not
 * know; the KafkaTopics are exactly the topics Lodestone would create; the PrometheusRule holds
 * exactly the rules of deploy/prometheus/lodestone-rules.yml.
 */
class KubernetesManifestsTest {

    private static final Path HOME = LocalInfra.findProjectHome();
    private static final ObjectMapper YAML =
            new YAMLMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<?>> TYPES =
            Map.of(
                    "StatefulSet",
                    StatefulSet.class,
                    "Service",
                    Service.class,
                    "PodDisruptionBudget",
                    PodDisruptionBudget.class,
                    "ConfigMap",
                    ConfigMap.class,
                    "Namespace",
                    Namespace.class,
                    "NetworkPolicy",
                    NetworkPolicy.class);

    @Test
    void theBaseAndTheProductionOverlayRenderIntoValidObjects() throws Exception {
        for (String dir : List.of("base", "overlays/production")) {
            List<JsonNode> objects = render(dir);
            Map<String, Integer> kinds = new TreeMap<>();
            objects.forEach(o -> kinds.merge(o.get("kind").asText(), 1, Integer::sum));
            assertThat(kinds)
                    .as(dir)
                    .isEqualTo(
                            Map.of(
                                    "ConfigMap",
                                    1,
                                    "KafkaTopic",
                                    8,
                                    "KafkaUser",
                                    2,
                                    "Namespace",
                                    1,
                                    "NetworkPolicy",
                                    1,
                                    "PodDisruptionBudget",
                                    1,
                                    "PodMonitor",
                                    1,
                                    "PrometheusRule",
                                    1,
                                    "Service",
                                    2,
                                    "StatefulSet",
                                    1));
            for (JsonNode object : objects) {
                Class<?> type = TYPES.get(object.get("kind").asText());
                if (type != null) {
                    assertNoUnknownFields(
                            YAML.treeToValue(object, type),
                            dir + " " + object.get("kind").asText());
                }
            }
            StatefulSet lodestone =
                    YAML.treeToValue(
                            objects.stream()
                                    .filter(o -> o.get("kind").asText().equals("StatefulSet"))
                                    .findFirst()
                                    .orElseThrow(),
                            StatefulSet.class);
            Container app = lodestone.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
            assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
            assertThat(lodestone.getSpec().getServiceName()).isEqualTo("lodestone");
            assertThat(lodestone.getSpec().getVolumeClaimTemplates())
                    .extracting(c -> c.getMetadata().getName())
                    .containsExactly("state");
        }
        assertThat(
                        render("overlays/production").stream()
                                .filter(o -> o.get("kind").asText().equals("StatefulSet"))
                                .findFirst()
                                .orElseThrow()
                                .at("/spec/replicas")
                                .asInt())
                .isEqualTo(3);
    }

    @Test
    void theKafkaTopicsAreTheTopicsLodestoneCreates() throws Exception {
        Map<String, Map<String, Object>> rendered = new TreeMap<>();
        for (JsonNode topic : render("base")) {
            if (topic.get("kind").asText().equals("KafkaTopic")) {
                assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                        .isEqualTo("lodestone");
                rendered.put(
                        topic.at("/spec/topicName").asText(),
                        Map.of(
                                "partitions",
                                topic.at("/spec/partitions").asInt(),
                                "replicas",
                                topic.at("/spec/replicas").asInt(),
                                "config",
                                YAML.convertValue(topic.at("/spec/config"), Map.class)));
            }
        }
        Map<String, Map<String, Object>> lodestone = new TreeMap<>();
        for (NewTopic topic : new Topics(Topics.DEFAULT_PREFIX).definitions(3, (short) 3)) {
            lodestone.put(
                    topic.name(),
                    Map.of(
                            "partitions",
                            topic.numPartitions(),
                            "replicas",
                            (int) topic.replicationFactor(),
                            "config",
                            new HashMap<>(topic.configs())));
        }
        assertThat(rendered).isEqualTo(lodestone);
    }

    @Test
    void thePrometheusRuleHoldsExactlyTheProjectsRules() throws Exception {
        JsonNode rules =
                YAML.readTree(HOME.resolve("deploy/prometheus/lodestone-rules.yml").toFile());
        JsonNode rule =
                render("base").stream()
                        .filter(o -> o.get("kind").asText().equals("PrometheusRule"))
                        .findFirst()
                        .orElseThrow();
        assertThat(rule.get("spec"))
                .as("regenerate it: deploy/kubernetes/generate-prometheusrule")
                .isEqualTo(rules);
        assertThat(rule.at("/spec/groups/0/rules/0/expr").asText()).contains("job=\"lodestone\"");
        JsonNode monitor =
                render("base").stream()
                        .filter(o -> o.get("kind").asText().equals("PodMonitor"))
                        .findFirst()
                        .orElseThrow();
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/relabelings/0/replacement").asText())
                .as("the job the rules select")
                .isEqualTo("lodestone");
    }

    /**
     * The rules of the "restricted" Pod Security Standard (kubernetes.io/docs/concepts/security/
     * pod-security-standards) that a pod template can break, plus the read-only root file system
     * the project asks for; and the namespace enforces the standard.
     */
    @Test
    void thePodMeetsTheRestrictedPodSecurityStandardInANamespaceThatEnforcesIt() throws Exception {
        for (String dir : List.of("base", "overlays/production")) {
            List<JsonNode> objects = render(dir);
            Namespace namespace = YAML.treeToValue(only(objects, "Namespace"), Namespace.class);
            assertThat(namespace.getMetadata().getLabels())
                    .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
            PodSpec pod =
                    YAML.treeToValue(only(objects, "StatefulSet"), StatefulSet.class)
                            .getSpec()
                            .getTemplate()
                            .getSpec();
            assertThat(objects)
                    .filteredOn(o -> o.at("/metadata/namespace").isTextual())
                    .extracting(o -> o.at("/metadata/namespace").asText())
                    .as(dir + ": every namespaced object in the namespace")
                    .containsOnly(namespace.getMetadata().getName());
            PodSecurityContext podContext = pod.getSecurityContext();
            assertThat(pod.getHostNetwork()).as(dir + " hostNetwork").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).as(dir + " hostPID").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostIPC()).as(dir + " hostIPC").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getVolumes())
                    .as(dir + ": only the volume types the standard allows")
                    .allMatch(
                            v ->
                                    v.getConfigMap() != null
                                            || v.getSecret() != null
                                            || v.getEmptyDir() != null
                                            || v.getPersistentVolumeClaim() != null
                                            || v.getProjected() != null
                                            || v.getDownwardAPI() != null
                                            || v.getCsi() != null
                                            || v.getEphemeral() != null);
            for (Container c : pod.getContainers()) {
                SecurityContext context = c.getSecurityContext();
                String where = dir + " container " + c.getName();
                assertThat(context).as(where + " securityContext").isNotNull();
                assertThat(context.getPrivileged()).as(where).isNotEqualTo(Boolean.TRUE);
                assertThat(context.getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(context.getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(context.getCapabilities().getDrop()).as(where).contains("ALL");
                assertThat(context.getCapabilities().getAdd())
                        .as(where + ": at most NET_BIND_SERVICE added")
                        .isSubsetOf("NET_BIND_SERVICE");
                assertThat(
                                context.getRunAsNonRoot() != null
                                        ? context.getRunAsNonRoot()
                                        : podContext.getRunAsNonRoot())
                        .as(where + " runAsNonRoot")
                        .isTrue();
                Long user =
                        context.getRunAsUser() != null
                                ? context.getRunAsUser()
                                : podContext.getRunAsUser();
                assertThat(user).as(where + " runAsUser").isNotEqualTo(0L);
                String seccomp =
                        context.getSeccompProfile() != null
                                ? context.getSeccompProfile().getType()
                                : podContext.getSeccompProfile() == null
                                        ? null
                                        : podContext.getSeccompProfile().getType();
                assertThat(seccomp)
                        .as(where + " seccompProfile")
                        .isIn("RuntimeDefault", "Localhost");
                assertThat(c.getPorts())
                        .as(where + ": no host ports")
                        .allMatch(p -> p.getHostPort() == null || p.getHostPort() == 0);
                assertThat(c.getVolumeMounts())
                        .as(where + ": somewhere to write besides the state (the JVM's /tmp)")
                        .anyMatch(m -> m.getMountPath().equals("/tmp"));
            }
        }
    }

    /**
     * The KafkaUsers' ACLs are the table in the README's "Security" section, for topic.prefix
     * {@code lodestone.} and application.id {@code lodestone}: one (principal, resource, operation)
     * set.
     */
    @Test
    void theKafkaUsersCarryExactlyTheReadmesAclTable() throws Exception {
        Set<String> fromReadme = new TreeSet<>();
        Pattern row =
                Pattern.compile(
                        "^\\| `(lodestone-\\w+)` \\| (topics|group|transactional ids) (.*?) \\|"
                                + " (.*) \\|$");
        for (String line :
                java.nio.file.Files.readAllLines(
                        HOME.resolve("README.md"), StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String type =
                    switch (m.group(2)) {
                        case "topics" -> "topic";
                        case "group" -> "group";
                        default -> "transactionalId";
                    };
            Matcher names = Pattern.compile("`([^`]*)`").matcher(m.group(3));
            while (names.find()) {
                String name =
                        names.group(1)
                                .replace("<topic.prefix>", "lodestone.")
                                .replace("<application.id>", "lodestone");
                String resource =
                        name.endsWith("*")
                                ? type + ":prefix:" + name.substring(0, name.length() - 1)
                                : type + ":literal:" + name;
                for (String operation : m.group(4).split(",")) {
                    fromReadme.add(
                            m.group(1)
                                    + " "
                                    + resource
                                    + " "
                                    + operation.replaceAll("\\(.*\\)", "").strip());
                }
            }
        }
        assertThat(fromReadme).as("rows read from the README's ACL table").hasSize(18);

        Set<String> fromUsers = new TreeSet<>();
        for (JsonNode user : render("overlays/production")) {
            if (!user.get("kind").asText().equals("KafkaUser")) {
                continue;
            }
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                for (JsonNode operation : acl.get("operations")) {
                    fromUsers.add(
                            user.at("/metadata/name").asText()
                                    + " "
                                    + acl.at("/resource/type").asText()
                                    + ":"
                                    + acl.at("/resource/patternType").asText()
                                    + ":"
                                    + acl.at("/resource/name").asText()
                                    + " "
                                    + operation
                                            .asText()
                                            .replaceAll("([a-z])([A-Z])", "$1_$2")
                                            .toUpperCase());
                }
            }
        }
        assertThat(fromUsers).isEqualTo(fromReadme);
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> ofKind =
                objects.stream().filter(o -> o.get("kind").asText().equals(kind)).toList();
        assertThat(ofKind).as(kind).hasSize(1);
        return ofKind.get(0);
    }

    private static List<JsonNode> render(String dir) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl =
                    new ProcessBuilder(
                                    "kubectl",
                                    "kustomize",
                                    HOME.resolve("deploy/kubernetes").resolve(dir).toString())
                            .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "this test renders the manifests with kubectl 1.21 or newer (kustomize v4+),"
                        + " and there is none on the PATH: install one (Debian's kubernetes-client"
                        + " is 1.20, too old)",
                    e);
        }
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize " + dir + ": " + err).isZero();
        List<JsonNode> objects = new ArrayList<>();
        YAML.readValues(new YAMLFactory().createParser(out), JsonNode.class)
                .forEachRemaining(objects::add);
        return objects;
    }

    /**
     * fabric8's types keep what they do not know in additionalProperties: a misspelt or misplaced
     * field lands there.
     */
    private static void assertNoUnknownFields(Object object, String where) throws Exception {
        walk(object, where, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(Object object, String path, Set<Object> seen) throws Exception {
        if (object == null
                || !object.getClass().getPackageName().startsWith("io.fabric8")
                || !seen.add(object)) {
            if (object instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    walk(item, path + "[" + i++ + "]", seen);
                }
            } else if (object instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    walk(e.getValue(), path + "." + e.getKey(), seen);
                }
            }
            return;
        }
        for (PropertyDescriptor property :
                Introspector.getBeanInfo(object.getClass()).getPropertyDescriptors()) {
            Method getter = property.getReadMethod();
            if (getter == null
                    || getter.getParameterCount() > 0
                    || property.getName().equals("class")) {
                continue;
            }
            Object value = getter.invoke(object);
            if (property.getName().equals("additionalProperties")) {
                assertThat((Map<?, ?>) value)
                        .as("fields the Kubernetes API does not know at " + path)
                        .isNullOrEmpty();
            } else {
                walk(value, path + "." + property.getName(), seen);
            }
        }
    }
}
