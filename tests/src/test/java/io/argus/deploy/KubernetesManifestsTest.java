package io.argus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s, checked offline (no Kubernetes here): the FlinkDeployment against the Flink Kubernetes
 * Operator's own CRD schema (from its API jar), as the base has it and with the GPU overlay's patch
 * applied; every file the kustomizations name exists; every secret a pod reads is one the Secret has;
 * the safe defaults hold.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every document of a YAML file. */
    private static List<JsonNode> documents(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(f.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    private static JsonNode crdSchema() throws Exception {
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertThat(in).as("the operator API jar's CRD").isNotNull();
            JsonNode crd = YAML.readTree(in);
            for (JsonNode v : crd.at("/spec/versions")) if (v.get("name").asText().equals("v1beta1")) return v.at("/schema/openAPIV3Schema");
        }
        throw new AssertionError("no v1beta1 in the CRD");
    }

    /**
     * The schema problems of {@code value} at {@code path}: wrong types, values outside an enum, fields the schema
     * does not know (a structural schema would drop them silently), missing required fields.
     */
    static List<String> problems(JsonNode schema, JsonNode value, String path) {
        List<String> out = new ArrayList<>();
        String type = schema.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) ok = value.isTextual() || value.isIntegralNumber();
        if (!ok) {
            out.add(path + ": expected " + type + ", found " + value.getNodeType());
            return out;
        }
        if (schema.has("enum")) {
            Set<String> allowed = new HashSet<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(value.asText())) out.add(path + ": '" + value.asText() + "' is not one of " + allowed);
        }
        if (value.isObject()) {
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (props.has(e.getKey())) out.addAll(problems(props.get(e.getKey()), e.getValue(), path + "/" + e.getKey()));
                else if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject())
                    out.addAll(problems(schema.get("additionalProperties"), e.getValue(), path + "/" + e.getKey()));
                else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && props.size() > 0)
                    out.add(path + "/" + e.getKey() + ": not in the schema");
            }
            for (JsonNode r : schema.path("required")) if (!value.has(r.asText())) out.add(path + ": missing " + r.asText());
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) out.addAll(problems(schema.get("items"), value.get(i), path + "/" + i));
        }
        return out;
    }

    private static JsonNode flinkDeployment() throws Exception {
        return documents(K8S.resolve("base/flinkdeployment.yaml")).get(0);
    }

    /** The problems the operator's schema finds, but the Flink version: the 1.10 CRD's enum stops at v1_20 (asserted apart). */
    private static List<String> schemaProblems(JsonNode deployment) throws Exception {
        // apiVersion, kind and metadata are every object's, checked by Kubernetes itself, not in the CRD's schema.
        List<String> p = problems(crdSchema().at("/properties/spec"), deployment.get("spec"), "/spec");
        p.removeIf(s -> s.startsWith("/spec/flinkVersion: 'v2_0' is not one of"));
        return p;
    }

    @Test
    void theFlinkDeploymentMatchesTheOperatorsSchema() throws Exception {
        JsonNode fd = flinkDeployment();
        assertThat(fd.get("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(schemaProblems(fd)).isEmpty();
        // Flink 2 needs an operator that knows it: 1.10's CRD does not (its newest is v1_20), 1.11 and later do.
        assertThat(fd.at("/spec/flinkVersion").asText()).isEqualTo("v2_0");
        assertThat(crdSchema().at("/properties/spec/properties/flinkVersion/enum").toString()).doesNotContain("v2_");
        // The validator catches what it should: a typo, a wrong type, a value out of its enum.
        ObjectNode bad = fd.deepCopy();
        ((ObjectNode) bad.get("spec")).put("taskmanager", "oops");
        ((ObjectNode) bad.at("/spec/job")).put("upgradeMode", "yolo");
        ((ObjectNode) bad.at("/spec/job")).put("parallelism", "four");
        assertThat(schemaProblems(bad)).containsExactlyInAnyOrder("/spec/taskmanager: not in the schema",
                "/spec/job/parallelism: expected integer, found STRING", "/spec/job/upgradeMode: 'yolo' is not one of [last-state, savepoint, stateless]");
    }

    @Test
    void applicationModeSavepointUpgradesHaCheckpointsOnS3AndAReadOnlyRest() throws Exception {
        JsonNode spec = flinkDeployment().get("spec");
        assertThat(spec.at("/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/argus-job.jar"); // the image's usrlib/
        assertThat(spec.at("/job/entryClass").asText()).isEqualTo("io.argus.job.ArgusJob");
        assertThat(spec.at("/job/upgradeMode").asText()).isEqualTo("savepoint");
        JsonNode conf = spec.get("flinkConfiguration");
        assertThat(conf.get("high-availability.type").asText()).isEqualTo("kubernetes");
        for (String k : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir")) {
            assertThat(conf.get(k).asText()).as(k).startsWith("s3://");
        }
        assertThat(conf.get("web.submit.enable").asText()).isEqualTo("false");
        assertThat(conf.get("kubernetes.rest-service.exposed.type").asText()).isEqualTo("ClusterIP");
        assertThat(spec.at("/podTemplate/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
        assertThat(spec.at("/podTemplate/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(conf.get("metrics.reporter.prom.port").asText());
        // The arguments are the job's own flags, each known to it.
        List<String> args = new ArrayList<>();
        spec.at("/job/args").forEach(a -> args.add(a.asText()));
        var parsed = io.argus.job.ArgusJob.FLAGS.parse(args.toArray(String[]::new));
        assertThat(parsed.get("kafka-properties", null)).isEqualTo("/opt/argus/kafka/kafka-client.properties");
        assertThat(args).contains("--media.dir", "/var/lib/argus/media");
    }

    @Test
    void theGpuOverlayRequestsAGpuAndStillMatchesTheSchema() throws Exception {
        JsonNode overlay = YAML.readTree(K8S.resolve("overlays/gpu/kustomization.yaml").toFile());
        assertThat(overlay.get("resources").get(0).asText()).isEqualTo("../../base");
        assertThat(overlay.at("/images/0/newName").asText()).isEqualTo("argus-flink-gpu");
        JsonNode patched = flinkDeployment().deepCopy();
        String patchFile = overlay.at("/patches/0/path").asText();
        for (JsonNode op : documents(K8S.resolve("overlays/gpu/" + patchFile)).get(0)) apply((ObjectNode) patched, op);
        assertThat(schemaProblems(patched)).isEmpty();
        JsonNode container = patched.at("/spec/taskManager/podTemplate/spec/containers/0");
        assertThat(container.get("name").asText()).isEqualTo("flink-main-container");
        assertThat(container.at("/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(patched.at("/spec/flinkConfiguration/env.java.opts.taskmanager").asText()).isEqualTo("-Donnxruntime.native.path=/opt/argus/onnxruntime");
        assertThat(Files.readString(ROOT.resolve("deploy/images/argus-flink-gpu/Dockerfile"))).contains("/opt/argus/onnxruntime/");
    }

    /** One JSON 6902 operation (add or replace), as kustomize applies it. */
    private static void apply(ObjectNode doc, JsonNode op) {
        String path = op.get("path").asText();
        int cut = path.lastIndexOf('/');
        JsonNode parent = doc.at(path.substring(0, cut));
        String key = path.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        assertThat(op.get("op").asText()).isIn("add", "replace");
        assertThat(parent.isObject()).as(path).isTrue();
        ((ObjectNode) parent).set(key, op.get("value"));
    }

    @Test
    void everyFileIsListedEverySecretKeyExistsAndNothingSecretIsCommitted() throws Exception {
        JsonNode k = YAML.readTree(K8S.resolve("base/kustomization.yaml").toFile());
        for (JsonNode r : k.get("resources")) assertThat(K8S.resolve("base/" + r.asText())).as(r.asText()).exists();
        for (JsonNode g : k.get("configMapGenerator")) for (JsonNode f : g.get("files")) assertThat(K8S.resolve("base/" + f.asText())).exists();
        // Generated Secrets come from git-ignored files, each with a committed example.
        List<String> ignored = Files.readAllLines(ROOT.resolve(".gitignore"));
        Set<String> keys = new HashSet<>();
        for (JsonNode g : k.get("secretGenerator")) {
            for (JsonNode f : g.path("envs")) {
                assertThat(ignored).contains("deploy/k8s/base/" + f.asText());
                for (String line : Files.readAllLines(K8S.resolve("base/" + f.asText() + ".example"))) {
                    if (line.isBlank() || line.startsWith("#")) continue;
                    String[] kv = line.split("=", 2);
                    assertThat(kv[1]).as(kv[0]).startsWith("change-me");
                    keys.add(g.get("name").asText() + "/" + kv[0]);
                }
            }
            for (JsonNode f : g.path("files")) {
                assertThat(ignored).contains("deploy/k8s/base/" + f.asText());
                assertThat(K8S.resolve("base/" + f.asText() + ".example")).exists();
            }
        }
        // Every secretKeyRef and projected key names a key the Secret has; no value is written out.
        Pattern ref = Pattern.compile("secretKeyRef:\\s*\\{name: ([a-z-]+), key: ([A-Z0-9_]+)}|key: ([A-Z0-9_]+), path:");
        try (var files = Files.walk(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(f);
                Matcher m = ref.matcher(text);
                while (m.find()) {
                    if (m.group(1) != null) assertThat(keys).as(f + " " + m.group()).contains(m.group(1) + "/" + m.group(2));
                    else assertThat(keys).as(f + " " + m.group()).contains("argus-credentials/" + m.group(3));
                }
                assertThat(text).as(f + " holds no password").doesNotContainPattern("(?i)password[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9]");
            }
        }
        // Ingest writes as argus_ingest; camera credentials are mounted in its pod only.
        String ingest = Files.readString(K8S.resolve("base/ingest.yaml"));
        assertThat(ingest).contains("--jdbc-user, argus_ingest", "secretName: argus-camera-credentials", "mountPath: /run/argus-secrets");
        for (String other : List.of("base/serve.yaml", "base/flinkdeployment.yaml")) {
            assertThat(Files.readString(K8S.resolve(other))).as(other).doesNotContain("argus-camera-credentials");
        }
        // Pods run as the images' users.
        assertThat(flinkDeployment().at("/spec/podTemplate/spec/securityContext/runAsUser").asInt()).isEqualTo(9999);
        for (String app : List.of("base/ingest.yaml", "base/serve.yaml")) {
            assertThat(documents(K8S.resolve(app)).get(0).at("/spec/template/spec/securityContext/runAsUser").asInt()).as(app).isEqualTo(10001);
        }
    }
}
