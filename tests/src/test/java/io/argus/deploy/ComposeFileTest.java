package io.argus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.argus.job.ArgusOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, checked statically (no Docker engine runs here) against the project's own
 * configuration: topics, Flink configuration, Prometheus ports, images, volumes, healthchecks, the GPU
 * reservation, the environment it needs and the secrets it must not hold.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode compose;
    private static JsonNode services;
    private static String text;

    @BeforeAll
    static void load() throws Exception {
        text = Files.readString(ROOT.resolve("docker-compose.yml"));
        compose = YAML.readTree(text);
        services = compose.get("services");
    }

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        services.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String pomProperty(String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    @Test
    void everyPartIsThere() {
        assertThat(names()).contains("kafka", "kafka-init", "timescaledb", "jobmanager", "taskmanager-gpu", "taskmanager-cpu",
                "job-submitter", "ingest", "prometheus", "grafana");
    }

    /** Clips need JavaCV and the FFmpeg natives on the cluster's lib/, as the model needs ONNX Runtime: one list for all. */
    @Test
    void everyTaskManagerGetsTheOneListOfWhatArgusAddsToLib() throws Exception {
        for (String s : List.of("taskmanager-gpu", "taskmanager-cpu")) {
            List<String> volumes = new ArrayList<>();
            services.get(s).get("volumes").forEach(v -> volumes.add(v.asText()));
            assertThat(volumes).as(s).contains("./deploy/cluster-lib/target/lib:/opt/argus/cluster-lib:ro");
            assertThat(services.get(s).get("entrypoint").toString()).as(s).contains("cp /opt/argus/cluster-lib/*.jar /opt/flink/lib/");
        }
        String list = Files.readString(ROOT.resolve("deploy/cluster-lib/pom.xml"));
        for (String artifact : List.of("<artifactId>${onnxruntime.artifact}</artifactId>", "<artifactId>javacv</artifactId>",
                "<artifactId>javacpp</artifactId>", "<artifactId>ffmpeg</artifactId>", "<classifier>${javacpp.platform}</classifier>")) {
            assertThat(list).contains(artifact);
        }
        assertThat(Files.readString(ROOT.resolve("bin/flink/pom.xml"))).as("the local cluster's lib/ comes from the same list")
                .contains("<artifactId>argus-cluster-lib</artifactId>").doesNotContain("onnxruntime").doesNotContain("javacv");
    }

    @Test
    void imagesArePinnedAndMatchTheBuild() throws Exception {
        for (String s : names()) {
            String image = services.get(s).get("image").asText();
            assertThat(image).as(s).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
            String tag = image.substring(image.indexOf(':') + 1);
            assertThat(tag).as(s + " tag").isNotEqualTo("latest").matches(".*\\d+\\.\\d+.*");
            if (image.startsWith("flink:")) assertThat(tag).as(s).startsWith(pomProperty("flink.version") + "-").contains("java17");
            if (image.startsWith("apache/kafka:")) assertThat(tag).as(s).isEqualTo(pomProperty("kafka.version"));
            if (image.startsWith("timescale/")) assertThat(tag).as(s).endsWith("-pg15");
        }
    }

    @Test
    void topicsAreTheJobsDefaults() {
        String init = services.get("kafka-init").get("command").get(0).asText();
        Set<String> created = new HashSet<>();
        Matcher m = Pattern.compile("--topic (\\S+)").matcher(init);
        while (m.find()) created.add(m.group(1));
        assertThat(created).containsExactlyInAnyOrder(ArgusOptions.FRAMES_TOPIC.defaultValue(), ArgusOptions.DLQ_TOPIC.defaultValue(),
                ArgusOptions.EVENTS_TOPIC.defaultValue());
        // Ingest publishes where the job reads; the job is not told other topics.
        assertThat(services.get("ingest").get("command").get(0).asText()).contains("--topic " + ArgusOptions.FRAMES_TOPIC.defaultValue());
        assertThat(services.get("job-submitter").get("command").get(0).asText()).doesNotContain("topic");
        // Frames as large as the job accepts fit the broker and the topics.
        long maxPayload = Long.parseLong(ArgusOptions.MAX_PAYLOAD.defaultValue().toString());
        long brokerMax = Long.parseLong(services.get("kafka").get("environment").get("KAFKA_MESSAGE_MAX_BYTES").asText());
        assertThat(brokerMax).isGreaterThan(maxPayload);
        assertThat(init).contains("max.message.bytes=" + brokerMax).contains("retention.ms=-1");
    }

    @Test
    void flinkRunsOnTheProjectsConfigAndPrometheusScrapesItsReporterPort() throws Exception {
        JsonNode flinkConf = YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile());
        for (String s : List.of("taskmanager-gpu", "taskmanager-cpu")) {
            JsonNode svc = services.get(s);
            assertThat(volumes(svc)).as(s).contains("./flink-conf:/opt/argus/flink-conf:ro");
            assertThat(svc.get("entrypoint").toString()).as(s).contains("cp /opt/argus/flink-conf/config.yaml /opt/flink/conf/config.yaml");
            // Checkpoints and savepoints live on a named volume.
            String dir = flinkConf.get("execution.checkpointing.dir").asText().replace("file://", "");
            assertThat(namedVolumeTargets(svc)).as(s).anyMatch(t -> dir.startsWith(t + "/"));
        }
        String[] range = flinkConf.get("metrics.reporter.prom.port").asText().split("-");
        int lo = Integer.parseInt(range[0].trim()), hi = Integer.parseInt(range[range.length - 1].trim());
        JsonNode prom = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        Set<String> hosts = new HashSet<>();
        for (JsonNode job : prom.get("scrape_configs"))
            for (JsonNode sc : job.get("static_configs"))
                for (JsonNode t : sc.get("targets")) {
                    String[] hp = t.asText().split(":");
                    assertThat(Integer.parseInt(hp[1])).as(t.asText()).isBetween(lo, hi);
                    hosts.add(hp[0]);
                }
        Set<String> hostnames = new HashSet<>();
        for (String s : names()) hostnames.add(services.get(s).path("hostname").asText(s));
        assertThat(hostnames).containsAll(hosts);
        assertThat(hosts).contains("jobmanager", "taskmanager");
        assertThat(volumes(services.get("prometheus"))).contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        // The job jar the submitter runs is the one this build makes.
        assertThat(services.get("job-submitter").get("command").get(0).asText())
                .contains("/opt/argus/jobs/argus-jobs-" + pomProperty("version") + "-job.jar");
    }

    @Test
    void stateLivesOnNamedVolumesAndStatefulServicesHaveHealthchecks() {
        Set<String> declared = new HashSet<>();
        compose.get("volumes").fieldNames().forEachRemaining(declared::add);
        assertThat(namedVolumeTargets(services.get("kafka")))
                .contains(services.get("kafka").get("environment").get("KAFKA_LOG_DIRS").asText());
        String pgdata = services.get("timescaledb").get("environment").get("PGDATA").asText();
        assertThat(namedVolumeTargets(services.get("timescaledb"))).anyMatch(t -> pgdata.startsWith(t));
        for (String s : names()) {
            for (String v : volumes(services.get(s))) {
                String src = v.split(":")[0];
                if (!src.startsWith(".")) assertThat(declared).as(s + ": " + v).contains(src);
                else assertThat(Files.exists(ROOT.resolve(src)) || src.contains("target") || src.equals("./assets"))
                        .as(s + ": " + src + " exists in the repository").isTrue();
            }
        }
        for (String s : List.of("kafka", "timescaledb", "jobmanager", "taskmanager-gpu", "taskmanager-cpu", "prometheus", "grafana")) {
            JsonNode hc = services.get(s).get("healthcheck");
            assertThat(hc).as(s + " healthcheck").isNotNull();
            assertThat(hc.get("test").get(0).asText()).as(s).isIn("CMD", "CMD-SHELL");
        }
    }

    @Test
    void gpuIsReservedForOneTaskManagerVariantOnly() {
        JsonNode devices = services.get("taskmanager-gpu").at("/deploy/resources/reservations/devices");
        assertThat(devices.isArray()).isTrue();
        assertThat(devices.get(0).get("driver").asText()).isEqualTo("nvidia");
        assertThat(devices.get(0).get("capabilities").toString()).contains("gpu");
        assertThat(services.get("taskmanager-gpu").get("profiles").toString()).contains("gpu");
        assertThat(services.get("taskmanager-cpu").has("deploy")).isFalse();
        assertThat(services.get("taskmanager-cpu").get("profiles").toString()).contains("cpu");
        // Both reach Prometheus and the JobManager under the same host name.
        assertThat(services.get("taskmanager-gpu").get("hostname").asText()).isEqualTo(services.get("taskmanager-cpu").get("hostname").asText());
    }

    @Test
    void portsArePublishedOnLoopbackOnly() {
        for (String s : names())
            for (JsonNode p : services.get(s).path("ports")) assertThat(p.asText()).as(s).startsWith("127.0.0.1:");
    }

    @Test
    void everyVariableComesFromEnvExampleAndNoSecretIsCommitted() throws Exception {
        Map<String, String> example = new HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] kv = line.split("=", 2);
            example.put(kv[0].trim(), kv[1].trim());
        }
        // ${VAR} in the compose file (not $$VAR, which the container's shell expands).
        Set<String> used = new HashSet<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(:?-[^}]*)?}").matcher(text);
        while (m.find()) used.add(m.group(1));
        assertThat(used).isNotEmpty();
        assertThat(example.keySet()).containsAll(used);
        // Grafana's provisioning reads its variables from the Grafana service's environment.
        String ds = Files.readString(ROOT.resolve("grafana/provisioning/datasources/argus.yaml"));
        Matcher g = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(ds);
        while (g.find()) assertThat(services.get("grafana").get("environment").has(g.group(1))).as(g.group(1)).isTrue();
        // The migrations grant read access to argus_analyst by name.
        assertThat(example.get("ARGUS_ANALYST_USER")).isEqualTo("argus_analyst");
        // No secret values: every password-like setting is a reference, every example a placeholder.
        for (String s : names()) {
            JsonNode env = services.get(s).path("environment");
            for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().matches(".*(PASSWORD|SECRET|TOKEN|KEY).*"))
                    assertThat(e.getValue().asText()).as(s + " " + e.getKey()).matches("\\$\\{[A-Z0-9_]+}");
            }
        }
        example.forEach((k, v) -> {
            if (k.matches(".*(PASSWORD|SECRET|TOKEN).*")) assertThat(v).as(k).startsWith("change-me");
        });
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
        assertThat(Files.exists(ROOT.resolve(".env"))).as(".env is not in the repository").isFalse();
    }

    @Test
    void grafanaGetsItsProvisioningAndReadsAsTheAnalyst() throws Exception {
        assertThat(volumes(services.get("grafana"))).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/dashboards:/var/lib/grafana/dashboards/argus:ro");
        JsonNode ds = YAML.readTree(ROOT.resolve("grafana/provisioning/datasources/argus.yaml").toFile()).get("datasources");
        JsonNode db = ds.get(0);
        assertThat(db.get("uid").asText()).isEqualTo("argus-db");
        assertThat(db.get("user").asText()).isEqualTo("${ARGUS_ANALYST_USER}");
        assertThat(db.get("url").asText()).isEqualTo("${ARGUS_DB_HOST}:${ARGUS_DB_PORT}");
        assertThat(services.get("grafana").get("environment").get("ARGUS_DB_HOST").asText()).isIn(names());
        assertThat(ds.get(1).get("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode dashboards = YAML.readTree(ROOT.resolve("grafana/provisioning/dashboards/argus.yaml").toFile());
        assertThat(dashboards.get("providers").get(0).get("options").get("path").asText()).isEqualTo("/var/lib/grafana/dashboards/argus");
        // Every dashboard's data sources are the provisioned ones.
        try (var files = Files.list(ROOT.resolve("grafana/dashboards"))) {
            for (Path f : files.toList()) {
                String json = Files.readString(f);
                Matcher m = Pattern.compile("\"uid\": \"(argus-[a-z]+)\"").matcher(json);
                JsonNode d = new ObjectMapper().readTree(json);
                for (JsonNode p : d.get("panels")) assertThat(p.get("datasource").get("uid").asText()).as(f + " " + p.get("title")).isIn("argus-db", "argus-prometheus");
                assertThat(m.find()).isTrue();
            }
        }
    }

    private static List<String> volumes(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : svc.path("volumes")) out.add(v.asText());
        return out;
    }

    /** Container paths of a service's named (not bind-mounted) volumes. */
    private static List<String> namedVolumeTargets(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (String v : volumes(svc)) if (!v.startsWith(".") && !v.startsWith("/")) out.add(v.split(":")[1]);
        return out;
    }
}
