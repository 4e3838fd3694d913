package io.argus.notify;

import static io.argus.tracking.EpisodeStatus.CLOSED;
import static io.argus.tracking.EpisodeStatus.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.it.Await;
import io.argus.it.LocalStack;
import io.argus.tracking.ActionType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against a real Kafka broker and a real HTTP receiver: what matches is delivered, signed,
 * once; what does not match, or falls in a rule's rate limit, is not; a receiver down for 10 s loses
 * nothing and sees repeats with one idempotency key; a receiver that always fails is given up on and
 * counted; a restart resumes from the committed offsets without sending anything again.
 */
class NotifyTest {
    private static final LocalStack STACK = LocalStack.load();
    private static final String SECRET = "5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e0f";
    // Ten minutes ago, on a whole second: Kafka keeps the events' times as record timestamps.
    private final long t = (System.currentTimeMillis() - 600_000) / 1000 * 1000;

    @TempDir
    Path dir;

    private Path config(String webhooks, String rules) throws Exception {
        Files.writeString(dir.resolve("secret"), SECRET + "\n");
        Path f = dir.resolve("notify.yaml");
        Files.writeString(f, "review-url: http://127.0.0.1:8088\nwebhooks:\n" + webhooks + "rules:\n" + rules);
        return f;
    }

    private static void publish(String topic, String camera, long ts, String value) throws Exception {
        STACK.publish(List.of(new ProducerRecord<>(topic, null, ts, camera, value)));
    }

    private static Thread start(NotifyLoop loop) {
        Thread th = new Thread(() -> {
            try {
                loop.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "notify-under-test");
        th.start();
        return th;
    }


    /** Waits until the group has committed {@code n} records of the topic (its offsets summed over the partitions). */
    private static void awaitCommitted(String group, long n) throws InterruptedException {
        Await.until(n + " events committed", Duration.ofSeconds(30), () -> {
            try {
                return committed(group) == n;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The group's committed offsets, summed over the topic's partitions. */
    private static long committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return m.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static String text(WebhookReceiver.Request r) {
        try {
            return new ObjectMapper().readTree(r.body()).get("text").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Timeout(180)
    void deliversWhatMatchesSignedOnceThroughAnOutageAndAcrossARestart() throws Exception {
        String topic = STACK.createTopics("notify", 2, "events").get(0);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Path cfg = config("""
                      - name: ops
                        url: %s
                        secret-file: secret
                        timeout: 2s
                        max-attempts: 60
                        backoff: 200ms
                        max-backoff: 1s
                    """.formatted(receiver.url("/hooks/argus")), """
                      - name: person-at-door
                        webhook: ops
                        kind: episode
                        cameras: [entrance]
                        labels: [person]
                        zones: [door]
                        min-duration: 5s
                        every: 30s
                      - name: gate
                        webhook: ops
                        kind: action
                        actions: [line_cross]
                        every: 0s
                    """);
            NotifyConfig config = NotifyConfig.load(cfg);
            // Person A at the door: 2 s (too short), 8 s (sent), closed at 12 s (already sent).
            publish(topic, "entrance", t + 2_000, Events.episodeJson("entrance", 1, "person", t, t + 2_000, OPEN, "door"));
            publish(topic, "entrance", t + 8_000, Events.episodeJson("entrance", 1, "person", t, t + 8_000, OPEN, "door"));
            publish(topic, "entrance", t + 12_000, Events.episodeJson("entrance", 1, "person", t, t + 12_000, CLOSED, "door"));
            publish(topic, "entrance", t + 9_000, Events.episodeJson("entrance", 2, "car", t, t + 9_000, OPEN, "door")); // a car
            publish(topic, "garage", t + 9_000, Events.episodeJson("garage", 3, "person", t, t + 9_000, OPEN, "door")); // another camera
            // Person D, 5 s after A was sent: within the rule's 30 s.
            publish(topic, "entrance", t + 13_000, Events.episodeJson("entrance", 4, "person", t + 5_000, t + 13_000, OPEN, "door"));
            publish(topic, "street", t + 10_000, Events.actionJson("street", 5, "car", t + 10_000, ActionType.LINE_CROSS, "gate", "{\"direction\":\"A->B\"}"));
            publish(topic, "street", t + 11_000, Events.actionJson("street", 5, "car", t + 11_000, ActionType.ZONE_ENTER, "gate", null));
            publish(topic, "street", t + 11_000, "{not json");

            ByteArrayOutputStream dry = new ByteArrayOutputStream();
            NotifyDryRun.Summary s = NotifyDryRun.run(config, STACK.bootstrapServers(), io.argus.cli.KafkaSecurity.NONE, topic, Duration.ofHours(1), new PrintStream(dry, true, StandardCharsets.UTF_8));
            assertThat(s).isEqualTo(new NotifyDryRun.Summary(9, 1, 2, 1, 0));
            assertThat(dry.toString(StandardCharsets.UTF_8)).contains("would send ", "rule person-at-door -> ops: person in zone door at entrance, 8 s",
                    "rule gate -> ops: car crossed line gate (A->B) at street", "rate-limited", "9 event(s) read: 2 would be sent, 1 rate-limited");
            assertThat(receiver.requests).as("a dry run sends nothing").isEmpty();

            String group = "notify-" + topic;
            NotifyLoop.Settings settings = new NotifyLoop.Settings(STACK.bootstrapServers(), io.argus.cli.KafkaSecurity.NONE, topic, group, NotifyLoop.StartFrom.EARLIEST, dir.resolve("state"));
            NotifyCounters counters = new NotifyCounters();
            NotifyLoop loop = new NotifyLoop(config, settings, counters);
            Thread th = start(loop);
            Await.until("two notifications delivered", Duration.ofSeconds(60), () -> receiver.delivered().size() == 2);
            awaitCommitted(group, 9);
            assertThat(receiver.delivered()).extracting(NotifyTest::text).containsExactlyInAnyOrder("person in zone door at entrance, 8 s", "car crossed line gate (A->B) at street");
            for (WebhookReceiver.Request r : receiver.requests) {
                assertThat(r.path()).isEqualTo("/hooks/argus");
                assertThat(Signature.valid(SECRET.getBytes(StandardCharsets.UTF_8), r.body(), r.signature())).as("signature of " + r.key()).isTrue();
                assertThat(r.signature()).isEqualTo(Signature.of(SECRET.getBytes(StandardCharsets.UTF_8), r.body()));
            }
            assertThat(counters.sent.get()).isEqualTo(2);
            assertThat(counters.rateLimited.get()).isEqualTo(1);
            assertThat(counters.eventsUnreadable.get()).isEqualTo(1);
            assertThat(counters.eventsRead.get()).isEqualTo(9);

            // The receiver goes away for 10 s: 5 s refusing connections, then 5 s answering 503.
            receiver.down();
            publish(topic, "entrance", t + 106_000, Events.episodeJson("entrance", 6, "person", t + 100_000, t + 106_000, OPEN, "door"));
            Thread.sleep(5_000);
            receiver.unavailable = true;
            receiver.up();
            Thread.sleep(5_000);
            assertThat(receiver.delivered()).hasSize(2);
            receiver.unavailable = false;
            Await.until("the message held up by the outage delivered", Duration.ofSeconds(30), () -> receiver.delivered().size() == 3);
            WebhookReceiver.Request e = receiver.delivered().get(2);
            assertThat(text(e)).isEqualTo("person in zone door at entrance, 6 s");
            List<WebhookReceiver.Request> attempts = receiver.requests.stream().filter(r -> r.key().equals(e.key())).toList();
            assertThat(attempts.size()).as("attempts answered 503, then the one answered 200").isGreaterThan(2);
            assertThat(attempts).allSatisfy(r -> assertThat(r.body()).isEqualTo(e.body()));
            assertThat(attempts.stream().map(WebhookReceiver.Request::attempt).toList()).isSorted();
            assertThat(e.attempt()).as("the attempts include those refused while it was down").isGreaterThan(attempts.size());
            assertThat(counters.retries.get()).isEqualTo(e.attempt() - 1L);
            assertThat(counters.givenUp.get()).isZero();
            awaitCommitted(group, 10);

            // Restart: a replayed version of A (already sent) and a new person F; only F is sent.
            loop.stop();
            th.join(20_000);
            assertThat(th.isAlive()).isFalse();
            publish(topic, "entrance", t + 12_000, Events.episodeJson("entrance", 1, "person", t, t + 12_000, CLOSED, "door"));
            publish(topic, "entrance", t + 206_000, Events.episodeJson("entrance", 7, "person", t + 200_000, t + 206_000, OPEN, "door"));
            NotifyCounters again = new NotifyCounters();
            NotifyLoop second = new NotifyLoop(config, settings, again);
            Thread th2 = start(second);
            Await.until("the new person delivered after the restart", Duration.ofSeconds(60), () -> receiver.delivered().size() == 4);
            awaitCommitted(group, 12);
            second.stop();
            th2.join(20_000);
            assertThat(again.eventsRead.get()).as("read from the committed offsets on").isEqualTo(2);
            assertThat(again.alreadyDecided.get()).isEqualTo(1);
            assertThat(text(receiver.delivered().get(3))).isEqualTo("person in zone door at entrance, 6 s");
            Map<String, Long> perKey = receiver.delivered().stream().collect(Collectors.groupingBy(WebhookReceiver.Request::key, Collectors.counting()));
            assertThat(perKey).hasSize(4).allSatisfy((k, n) -> assertThat(n).as("deliveries of " + k).isEqualTo(1));
        }
    }

    @Test
    @Timeout(120)
    void aReceiverThatAlwaysFailsIsGivenUpOnCountedAndKept() throws Exception {
        String topic = STACK.createTopics("notify-fail", 1, "events").get(0);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            NotifyConfig config = NotifyConfig.load(config("""
                      - name: broken
                        url: %s
                        secret-file: secret
                        max-attempts: 3
                        backoff: 100ms
                        max-backoff: 200ms
                      - name: refusing
                        url: %s
                        secret-file: secret
                    """.formatted(receiver.url("/broken"), receiver.url("/refuse")), """
                      - name: entering
                        webhook: broken
                        kind: action
                        actions: [zone_enter]
                        every: 0s
                      - name: leaving
                        webhook: refusing
                        kind: action
                        actions: [zone_exit]
                    """));
            publish(topic, "yard", t, Events.actionJson("yard", 1, "person", t, ActionType.ZONE_ENTER, "lawn", null));
            publish(topic, "yard", t + 1_000, Events.actionJson("yard", 2, "person", t + 1_000, ActionType.ZONE_ENTER, "lawn", null));
            publish(topic, "yard", t + 2_000, Events.actionJson("yard", 1, "person", t + 2_000, ActionType.ZONE_EXIT, "lawn", null));
            String group = "notify-" + topic;
            NotifyCounters counters = new NotifyCounters();
            NotifyLoop loop = new NotifyLoop(config,
                    new NotifyLoop.Settings(STACK.bootstrapServers(), io.argus.cli.KafkaSecurity.NONE, topic, group, NotifyLoop.StartFrom.EARLIEST, dir.resolve("state")), counters);
            Thread th = start(loop);
            Await.until("three messages given up", Duration.ofSeconds(60), () -> counters.givenUp.get() == 3);
            awaitCommitted(group, 3);
            loop.stop();
            th.join(20_000);
            Map<String, List<Integer>> broken = receiver.requests.stream().filter(r -> r.path().equals("/broken"))
                    .collect(Collectors.groupingBy(WebhookReceiver.Request::key, Collectors.mapping(WebhookReceiver.Request::attempt, Collectors.toList())));
            assertThat(broken).hasSize(2).allSatisfy((k, a) -> assertThat(a).containsExactly(1, 2, 3));
            assertThat(receiver.requests.stream().filter(r -> r.path().equals("/refuse")).map(WebhookReceiver.Request::attempt))
                    .as("a 400 is not retried").containsExactly(1);
            assertThat(counters.sent.get()).isZero();
            assertThat(counters.retries.get()).isEqualTo(4);
            List<String> kept = Files.readAllLines(loop.givenUpFile());
            assertThat(kept).hasSize(3);
            ObjectMapper json = new ObjectMapper();
            assertThat(kept.stream().map(l -> {
                try {
                    return json.readTree(l).get("idempotency_key").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toSet())).isEqualTo(receiver.requests.stream().map(WebhookReceiver.Request::key).collect(Collectors.toSet()));
            assertThat(kept).anySatisfy(l -> assertThat(l).contains("\"last_error\":\"HTTP 400: unknown channel (the receiver refuses the message; not retried)\""));
            assertThat(kept).anySatisfy(l -> assertThat(l).contains("\"last_error\":\"HTTP 500\"", "\"attempts\":3"));
        }
    }
}
