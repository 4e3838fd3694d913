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
        assertThat(names()).containsExactlyInAnyOrder("kafka", "kafka-init", "timescaledb", "jobmanager", "taskmanager", "taskmanager-gpu",
                "ingest", "serve", "prometheus", "grafana");
    }

    /** The Flink services and the image context each is built from (deploy/target/images/NAME, Dockerfile in deploy/images/NAME). */
    private static String imageOf(String service) {
        JsonNode b = services.get(service).get("build");
        assertThat(b).as(service + " is built from an Argus image context").isNotNull();
        String ctx = b.isTextual() ? b.asText() : b.get("context").asText();
        assertThat(ctx).as(service).startsWith("deploy/target/images/");
        return ctx.substring("deploy/target/images/".length());
    }

    private static String dockerfile(String image) throws Exception {
        return Files.readString(ROOT.resolve("deploy/images/" + image + "/Dockerfile"));
    }

    private static String images() throws Exception {
        return Files.readString(ROOT.resolve("bin/images.sh"));
    }

    /** (a) No client outside the cluster runs main(): application mode, in the image that has ONNX Runtime and the job. */
    @Test
    void theJobRunsInApplicationModeInsideTheImageThatHasTheModelRuntime() throws Exception {
        assertThat(text).doesNotContain("flink run");
        JsonNode jm = services.get("jobmanager");
        List<String> cmd = new ArrayList<>();
        jm.get("command").forEach(c -> cmd.add(c.asText()));
        assertThat(cmd.subList(0, 3)).containsExactly("standalone-job", "--job-classname", "io.argus.job.ArgusJob");
        assertThat(imageOf("jobmanager")).isEqualTo("argus-flink");
        String df = dockerfile("argus-flink");
        assertThat(df).contains("COPY --chown=flink:flink lib/ /opt/flink/lib/", "usrlib/argus-job.jar /opt/flink/usrlib/");
        // The context's lib/ is the one list (ONNX Runtime among it), usrlib/ the job jar this build makes.
        assertThat(images()).contains("deploy/cluster-lib/target/lib/*.jar \"$ctx/lib/\"", "jobs/target/argus-jobs-*-job.jar", "usrlib/argus-job.jar");
        assertThat(Files.readString(ROOT.resolve("deploy/cluster-lib/pom.xml"))).contains("<artifactId>${onnxruntime.artifact}</artifactId>");
    }

    /** Names that Compose's DNS answers for: service names and network aliases (not a service's 'hostname'). */
    private static Set<String> resolvable() {
        Set<String> out = new HashSet<>(names());
        for (String s : names()) {
            JsonNode nets = services.get(s).path("networks");
            for (Iterator<JsonNode> it = nets.elements(); it.hasNext(); ) for (JsonNode a : it.next().path("aliases")) out.add(a.asText());
        }
        return out;
    }

    /** (b) Every host name a service or Prometheus uses is one Compose resolves. */
    @Test
    void everyHostNameIsAServiceOrAnAlias() throws Exception {
        Set<String> dns = resolvable();
        for (String s : names()) {
            String props = services.get(s).path("environment").path("FLINK_PROPERTIES").asText("");
            Matcher m = Pattern.compile("(?m)^\\s*([a-z.-]+(?:address|host)):\\s*(\\S+)").matcher(props);
            while (m.find()) {
                if (m.group(1).contains("bind-")) continue;
                assertThat(dns).as(s + ": " + m.group(1)).contains(m.group(2));
            }
            assertThat(props).as(s + ": TaskManagers register with their own address; a shared name breaks when scaled").doesNotContain("taskmanager.host");
            Matcher hp = Pattern.compile("(?:jdbc:postgresql://|--bootstrap-servers\"?,?\\s*\"?)([a-z0-9-]+):\\d+").matcher(services.get(s).toString());
            while (hp.find()) assertThat(dns).as(s + " connects to " + hp.group(1)).contains(hp.group(1));
        }
        JsonNode prom = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        JsonNode flinkConf = YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile());
        String[] range = flinkConf.get("metrics.reporter.prom.port").asText().split("-");
        int lo = Integer.parseInt(range[0].trim()), hi = Integer.parseInt(range[range.length - 1].trim());
        Set<String> scraped = new HashSet<>();
        for (JsonNode job : prom.get("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs"))
                for (JsonNode t : sc.get("targets")) {
                    String[] hpp = t.asText().split(":");
                    assertThat(Integer.parseInt(hpp[1])).as(t.asText()).isBetween(lo, hi);
                    scraped.add(hpp[0]);
                }
            for (JsonNode sd : job.path("dns_sd_configs")) {
                assertThat(sd.get("port").asInt()).isBetween(lo, hi);
                for (JsonNode n : sd.get("names")) scraped.add(n.asText());
            }
        }
        assertThat(dns).containsAll(scraped);
        assertThat(scraped).contains("jobmanager", "taskmanager");
        // Both TaskManager variants answer for the name Prometheus scrapes.
        for (String tm : List.of("taskmanager", "taskmanager-gpu")) {
            assertThat(services.get(tm).at("/networks/default/aliases").toString()).as(tm).contains("\"taskmanager\"");
        }
    }

    /** (c) Every named volume of an Argus image is made and owned by the image's (non-root) user in its Dockerfile. */
    @Test
    void volumesAreWritableByTheImageUser() throws Exception {
        for (String s : names()) {
            // The stock Flink image runs as uid 9999 and has none of Argus's directories: a volume mounted there is root's.
            assertThat(services.get(s).get("image").asText()).as(s + ": Flink runs from an Argus image").doesNotStartWith("flink:");
            if (!services.get(s).has("build")) continue;
            String df = dockerfile(imageOf(s));
            Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(df);
            assertThat(user.find()).as(s + ": a USER").isTrue();
            assertThat(user.group(1)).as(s).isNotIn("root", "0");
            Matcher chown = Pattern.compile("chown -R (\\S+?):\\S+ ([^\\n]+)").matcher(df);
            List<String> owned = new ArrayList<>();
            while (chown.find()) {
                assertThat(chown.group(1)).as(s).isEqualTo(user.group(1));
                for (String d : chown.group(2).replace("\\", "").trim().split("\\s+")) owned.add(d);
            }
            for (String target : namedVolumeTargets(services.get(s))) {
                assertThat(owned).as(s + ": " + target + " owned by " + user.group(1)).anyMatch(o -> target.equals(o) || target.startsWith(o + "/"));
                assertThat(df).as(s + ": " + target + " exists in the image, so a fresh volume takes its ownership").containsPattern("mkdir -p [^\\n]*" + Pattern.quote(target));
            }
        }
    }

    /** (d) Clips: JavaCV and the FFmpeg natives on lib/, media on a volume the job writes and the review server reads. */
    @Test
    void clipsHaveTheirNativesAndTheirVolume() throws Exception {
        String list = Files.readString(ROOT.resolve("deploy/cluster-lib/pom.xml"));
        for (String artifact : List.of("<artifactId>javacv</artifactId>", "<artifactId>javacpp</artifactId>", "<artifactId>ffmpeg</artifactId>",
                "<classifier>${javacpp.platform}</classifier>")) {
            assertThat(list).contains(artifact);
        }
        assertThat(Files.readString(ROOT.resolve("bin/flink/pom.xml"))).as("the local cluster's lib/ comes from the same list")
                .contains("<artifactId>argus-cluster-lib</artifactId>").doesNotContain("onnxruntime").doesNotContain("javacv");
        List<String> args = new ArrayList<>();
        services.get("jobmanager").get("command").forEach(c -> args.add(c.asText()));
        String media = args.get(args.indexOf("--media.dir") + 1);
        for (String s : List.of("jobmanager", "taskmanager", "taskmanager-gpu")) {
            assertThat(volumes(services.get(s))).as(s).contains("media:" + media);
        }
        List<String> serve = new ArrayList<>();
        services.get("serve").get("command").forEach(c -> serve.add(c.asText()));
        String served = serve.get(serve.indexOf("--media-dir") + 1);
        assertThat(volumes(services.get("serve"))).contains("media:" + served + ":ro");
    }

    /** (e) The GPU profile runs the CUDA image: CUDA 13 + cuDNN 9 base, the CUDA-13 natives of ONNX Runtime 1.28.0 on its native path. */
    @Test
    void theGpuProfileRunsTheCudaImage() throws Exception {
        assertThat(imageOf("taskmanager-gpu")).isEqualTo("argus-flink-gpu");
        String df = dockerfile("argus-flink-gpu");
        assertThat(df).containsPattern("FROM nvidia/cuda:13\\.\\d+\\.\\d+-cudnn-runtime-ubuntu\\d+\\.\\d+");
        assertThat(df).contains("COPY --chown=flink:flink onnxruntime/ /opt/argus/onnxruntime/");
        assertThat(services.get("taskmanager-gpu").at("/environment/FLINK_PROPERTIES").asText())
                .contains("env.java.opts.taskmanager: -Donnxruntime.native.path=/opt/argus/onnxruntime");
        assertThat(pomProperty("onnxruntime.version")).isEqualTo("1.28.0");
        String list = Files.readString(ROOT.resolve("deploy/cluster-lib/pom.xml"));
        assertThat(list).contains("<id>gpu-natives</id>", "<artifactId>onnxruntime_gpu</artifactId>", "<classifier>linux-x86_64-gpu</classifier>",
                "libonnxruntime4j_jni.so");
        assertThat(images()).contains("-Pgpu-natives", "argus-flink-gpu/onnxruntime");
        JsonNode devices = services.get("taskmanager-gpu").at("/deploy/resources/reservations/devices");
        assertThat(devices.get(0).get("driver").asText()).isEqualTo("nvidia");
        assertThat(devices.get(0).get("capabilities").toString()).contains("gpu");
        assertThat(services.get("taskmanager-gpu").get("profiles").toString()).contains("gpu");
        assertThat(services.get("taskmanager").has("deploy")).isFalse();
        assertThat(services.get("taskmanager").get("profiles").toString()).contains("cpu");
    }

    /** Safe defaults: no jar uploads or submission over REST, every UI on loopback, ingest with its own narrow role and the camera secrets. */
    @Test
    void restIsReadOnlyIngestHasItsOwnRoleAndCameraSecretsGoToIngestOnly() throws Exception {
        JsonNode flinkConf = YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile());
        assertThat(flinkConf.get("web.submit.enable").asText()).as("the production configuration").isEqualTo("false");
        assertThat(Files.readString(ROOT.resolve("bin/cluster.sh"))).as("only the local cluster takes uploads").contains("web.submit.enable: true");
        assertThat(flinkConf.get("rest.bind-address").asText()).as("the local cluster's REST on loopback").isEqualTo("127.0.0.1");
        for (String s : List.of("jobmanager", "taskmanager", "taskmanager-gpu")) {
            assertThat(services.get(s).at("/environment/FLINK_PROPERTIES").asText()).as(s).contains("web.submit.enable: false");
        }
        List<String> ingest = new ArrayList<>();
        services.get("ingest").get("command").forEach(c -> ingest.add(c.asText()));
        assertThat(ingest.get(ingest.indexOf("--jdbc-user") + 1)).isEqualTo("argus_ingest");
        assertThat(services.get("ingest").at("/environment/ARGUS_JDBC_PASSWORD").asText()).isEqualTo("${ARGUS_INGEST_DB_PASSWORD}");
        assertThat(Files.readString(ROOT.resolve("deploy/db-init/10-argus-roles.sh"))).contains("CREATE ROLE argus_ingest LOGIN");
        assertThat(Files.readString(ROOT.resolve("sql/migrations/V10__ingest_role.sql"))).contains("GRANT SELECT, INSERT, UPDATE ON cameras TO argus_ingest");
        for (String s : names()) {
            boolean secrets = volumes(services.get(s)).stream().anyMatch(v -> v.contains("/run/argus-secrets"));
            assertThat(secrets).as(s + " mounts the camera secrets").isEqualTo(s.equals("ingest"));
        }
        // Every Argus process that talks to Kafka gets the same client security file.
        for (String s : List.of("jobmanager", "ingest", "serve")) {
            assertThat(services.get(s).get("command").toString()).as(s).contains("\"--kafka-properties\",\"${ARGUS_KAFKA_PROPERTIES}\"");
            assertThat(volumes(services.get(s))).as(s).contains("./deploy/kafka:/opt/argus/kafka:ro");
        }
    }

    @Test
    void imagesArePinnedAndMatchTheBuild() throws Exception {
        for (String s : names()) {
            String image = services.get(s).get("image").asText();
            if (services.get(s).has("build")) {
                assertThat(image).as(s).matches("argus-[a-z-]+:\\$\\{ARGUS_VERSION}");
                continue;
            }
            assertThat(image).as(s).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
            String tag = image.substring(image.indexOf(':') + 1);
            assertThat(tag).as(s + " tag").isNotEqualTo("latest").matches(".*\\d+\\.\\d+.*");
            if (image.startsWith("apache/kafka:")) assertThat(tag).as(s).isEqualTo(pomProperty("kafka.version"));
            if (image.startsWith("timescale/")) assertThat(tag).as(s).endsWith("-pg15");
        }
        // The images' own bases: pinned, Flink at the build's version, Java 17.
        try (var dirs = Files.list(ROOT.resolve("deploy/images"))) {
            for (Path d : dirs.toList()) {
                Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(Files.readString(d.resolve("Dockerfile")));
                while (from.find()) {
                    String base = from.group(1);
                    assertThat(base).as(d + ": " + base).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]*\\d+\\.\\d+[A-Za-z0-9._-]*");
                    if (base.startsWith("flink:")) assertThat(base).startsWith("flink:" + pomProperty("flink.version") + "-").contains("java17");
                    if (base.startsWith("eclipse-temurin:")) assertThat(base).contains(":17.");
                }
            }
        }
    }

    @Test
    void topicsAreTheJobsDefaults() {
        String init = services.get("kafka-init").get("command").get(0).asText();
        Set<String> created = new HashSet<>();
        Matcher m = Pattern.compile("--topic (\\S+)").matcher(init);
        while (m.find()) created.add(m.group(1));
        assertThat(created).containsExactlyInAnyOrder(ArgusOptions.FRAMES_TOPIC.defaultValue(), ArgusOptions.DLQ_TOPIC.defaultValue(),
                ArgusOptions.EVENTS_TOPIC.defaultValue(), ArgusOptions.CONTROL_TOPIC.defaultValue());
        assertThat(init).contains("--topic " + ArgusOptions.CONTROL_TOPIC.defaultValue() + " --partitions 1");
        // Ingest publishes where the job reads (both defaults); the job is not told other topics.
        assertThat(services.get("ingest").get("command").toString()).doesNotContain("--topic");
        assertThat(services.get("jobmanager").get("command").toString()).doesNotContain("topic");
        // Frames as large as the job accepts fit the broker and the topics.
        long maxPayload = Long.parseLong(ArgusOptions.MAX_PAYLOAD.defaultValue().toString());
        long brokerMax = Long.parseLong(services.get("kafka").get("environment").get("KAFKA_MESSAGE_MAX_BYTES").asText());
        assertThat(brokerMax).isGreaterThan(maxPayload);
        assertThat(init).contains("max.message.bytes=" + brokerMax).contains("retention.ms=-1");
    }

    @Test
    void flinkRunsOnTheProjectsConfigWithStateOnANamedVolume() throws Exception {
        for (String s : List.of("jobmanager", "taskmanager", "taskmanager-gpu")) {
            JsonNode svc = services.get(s);
            assertThat(volumes(svc)).as(s).contains("./flink-conf:/opt/argus/flink-conf:ro");
            assertThat(svc.get("entrypoint").toString()).as(s).contains("cp /opt/argus/flink-conf/config.yaml /opt/flink/conf/config.yaml");
            // Checkpoints and savepoints live on a named volume that every Flink process mounts.
            Matcher dir = Pattern.compile("execution.checkpointing.dir: file://(\\S+)").matcher(svc.at("/environment/FLINK_PROPERTIES").asText());
            assertThat(dir.find()).as(s).isTrue();
            assertThat(namedVolumeTargets(svc)).as(s).anyMatch(t -> dir.group(1).startsWith(t + "/"));
        }
        assertThat(volumes(services.get("prometheus"))).contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void stateLivesOnNamedVolumesAndEveryServiceHasAHealthcheck() throws Exception {
        Set<String> declared = new HashSet<>();
        compose.get("volumes").fieldNames().forEachRemaining(declared::add);
        assertThat(namedVolumeTargets(services.get("kafka")))
                .contains(services.get("kafka").get("environment").get("KAFKA_LOG_DIRS").asText());
        String pgdata = services.get("timescaledb").get("environment").get("PGDATA").asText();
        assertThat(namedVolumeTargets(services.get("timescaledb"))).anyMatch(t -> pgdata.startsWith(t));
        for (String s : names()) {
            for (String v : volumes(services.get(s))) {
                String src = v.split(":")[0];
                if (!src.startsWith(".") && !src.startsWith("${")) assertThat(declared).as(s + ": " + v).contains(src);
                else if (!src.startsWith("${")) assertThat(Files.exists(ROOT.resolve(src)) || src.contains("target") || src.equals("./assets"))
                        .as(s + ": " + src + " exists in the repository").isTrue();
            }
        }
        for (String s : names()) {
            if (s.equals("kafka-init")) continue; // one-shot
            JsonNode hc = services.get(s).get("healthcheck");
            if (hc == null && services.get(s).has("build")) {
                // An Argus image's own HEALTHCHECK.
                assertThat(dockerfile(imageOf(s))).as(s + " healthcheck").containsPattern("(?m)^HEALTHCHECK ");
                continue;
            }
            assertThat(hc).as(s + " healthcheck").isNotNull();
            assertThat(hc.get("test").get(0).asText()).as(s).isIn("CMD", "CMD-SHELL");
        }
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
        for (String v : volumes(svc)) if (!v.startsWith(".") && !v.startsWith("/") && !v.startsWith("$")) out.add(v.split(":")[1]);
        return out;
    }
}
