package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded job jar on a real standalone cluster (a JobManager and two TaskManagers, separate JVMs,
 * started by ./argus cluster up), submitted through Flink's REST API by ./argus submit.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static final int FRAMES = 20;

    private static String script(String... args) throws Exception {
        Path root = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("bin/cluster.sh").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theJobJarRunsOnAStandaloneClusterSubmittedOverRest() throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("cluster");
        List<String> topics = stack.createTopics("cluster", 2, "frames", "dlq", "events");
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topics.get(0))) {
            new VideoIngest(TestAssets.media("vtest.avi"), "plaza", 2, System.currentTimeMillis() - 60_000, 0, FRAMES, 0, 0.85f, false)
                    .publish(pub, (n, p) -> {});
        }
        try {
            String up = script("up");
            Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(up);
            assertThat(port.find()).isTrue();
            String out = script("submit", "--kafka.bootstrap-servers", stack.bootstrapServers(),
                    "--kafka.frames-topic", topics.get(0), "--kafka.dlq-topic", topics.get(1), "--kafka.events-topic", topics.get(2),
                    "--kafka.group-id", "cluster-test", "--kafka.starting-offsets", "earliest", "--kafka.bounded", "true",
                    "--jdbc.url", stack.jdbcUrl(db), "--jdbc.user", stack.jdbcUser(), "--jdbc.password", stack.jdbcPassword(),
                    "--model.path", TestAssets.model().toAbsolutePath().toString(), "--parallelism", "2",
                    "--inference.intra-op-threads", "1", "--checkpoint.interval", "2s");
            Matcher job = Pattern.compile("submitted: job ([0-9a-f]{32})").matcher(out);
            assertThat(job.find()).as(out).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            String state = "";
            long deadline = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < deadline) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/jobs/" + job.group(1))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(body);
                state = m.find() ? m.group(1) : "";
                if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) break;
                Thread.sleep(1000);
            }
            assertThat(state).isEqualTo("FINISHED");
        } finally {
            script("down");
        }
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events")).isEqualTo(FRAMES);
        assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE status <> 'closed'")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM detections"))
                .isEqualTo(stack.count(db, "SELECT sum(jsonb_array_length(detections)) FROM ai_events"));
    }
}
