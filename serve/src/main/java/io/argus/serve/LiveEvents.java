package io.argus.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/live}: the events topic (episodes and actions) relayed to WebSocket clients as they come,
 * each client with its own filters (camera, label, kind; from the URL's query or a subscribe message),
 * answered pings, and a bounded queue: a client that lets {@code limit} messages wait is disconnected
 * (close code 1008), never buffered without end. One consumer for all clients, from the topic's end.
 *
 * <p>Messages to the client: {@code {"type":"event","event":{...}}}, {@code {"type":"subscribed",...}},
 * {@code {"type":"pong"}}; from the client: {@code {"type":"subscribe","cameras":[...],"labels":[...],
 * "kinds":["episode","action"]}} and {@code {"type":"ping"}}.
 */
final class LiveEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int TOO_SLOW = 1008;

    private final String bootstrapServers;
    private final io.argus.cli.KafkaSecurity security;
    private final String topic;
    private final int limit;
    private final Map<WsContext, Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger disconnectedSlow = new AtomicInteger();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;
    private Thread thread;

    private static final class Client {
        volatile Set<String> cameras = Set.of(), labels = Set.of(), kinds = Set.of();
        final AtomicInteger waiting = new AtomicInteger();

        boolean wants(String camera, String label, String kind) {
            return (cameras.isEmpty() || cameras.contains(camera)) && (labels.isEmpty() || labels.contains(label))
                    && (kinds.isEmpty() || kinds.contains(kind));
        }
    }

    LiveEvents(String bootstrapServers, io.argus.cli.KafkaSecurity security, String topic, int limit) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.topic = topic;
        this.limit = limit;
    }

    int clients() {
        return clients.size();
    }

    int disconnectedSlow() {
        return disconnectedSlow.get();
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.enableAutomaticPings();
            Client c = new Client();
            c.cameras = split(ctx.queryParam("camera"));
            c.labels = split(ctx.queryParam("label"));
            c.kinds = split(ctx.queryParam("kind"));
            clients.put(ctx, c);
            ctx.send(subscribed(c).toString());
        });
        ws.onMessage(ctx -> {
            Client c = clients.get(ctx);
            if (c == null) return;
            JsonNode m;
            try {
                m = JSON.readTree(ctx.message());
            } catch (java.io.IOException e) {
                ctx.send("{\"type\":\"error\",\"message\":\"not JSON\"}");
                return;
            }
            switch (m.path("type").asText()) {
                case "ping" -> ctx.send("{\"type\":\"pong\"}");
                case "subscribe" -> {
                    c.cameras = set(m.get("cameras"));
                    c.labels = set(m.get("labels"));
                    c.kinds = set(m.get("kinds"));
                    ctx.send(subscribed(c).toString());
                }
                default -> ctx.send("{\"type\":\"error\",\"message\":\"unknown type; send subscribe or ping\"}");
            }
        });
        ws.onClose(ctx -> clients.remove(ctx));
        ws.onError(ctx -> clients.remove(ctx));
    }

    private static ObjectNode subscribed(Client c) {
        ObjectNode n = JSON.createObjectNode().put("type", "subscribed");
        n.set("cameras", JSON.valueToTree(c.cameras));
        n.set("labels", JSON.valueToTree(c.labels));
        n.set("kinds", JSON.valueToTree(c.kinds));
        return n;
    }

    private static Set<String> split(String csv) {
        if (csv == null || csv.isBlank()) return Set.of();
        Set<String> s = new TreeSet<>();
        for (String v : csv.split(",")) if (!v.isBlank()) s.add(v.strip());
        return Set.copyOf(s);
    }

    private static Set<String> set(JsonNode n) {
        if (n == null || !n.isArray()) return Set.of();
        Set<String> s = new TreeSet<>();
        n.forEach(v -> s.add(v.asText()));
        return Set.copyOf(s);
    }

    /** Starts relaying from the topic's end (a client sees what happens after it connected). */
    void start() {
        if (bootstrapServers == null) return;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "argus-serve-live");
        consumer = new KafkaConsumer<>(security.addTo(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("the events topic '" + topic + "' does not exist: start the stack or the job, or name it with --events-topic");
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // fix "the end" now, before any client may expect an event
        thread = new Thread(this::relay, "argus-serve-live");
        thread.setDaemon(true);
        thread.start();
    }

    private void relay() {
        try {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (clients.isEmpty()) continue;
                    JsonNode event;
                    try {
                        event = JSON.readTree(r.value());
                    } catch (java.io.IOException | RuntimeException e) {
                        continue; // not an Argus event; the notifier and the job's tests say more
                    }
                    if (event == null || !event.isObject()) continue;
                    String text = JSON.createObjectNode().put("type", "event").set("event", event).toString();
                    String camera = event.path("cameraId").asText(), label = event.path("label").asText(), kind = event.path("kind").asText();
                    clients.forEach((ctx, c) -> {
                        if (c.wants(camera, label, kind)) send(ctx, c, text);
                    });
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void send(WsContext ctx, Client c, String text) {
        if (c.waiting.incrementAndGet() > limit) {
            if (clients.remove(ctx) != null) {
                disconnectedSlow.incrementAndGet();
                LOG.info("live: disconnected a client that let {} messages wait", limit);
                ctx.closeSession(TOO_SLOW, "too slow: " + limit + " messages waiting");
                ctx.session.disconnect(); // the close frame would wait behind what the client does not read
            }
            return;
        }
        try {
            ctx.session.getRemote().sendString(text, new WriteCallback() {
                @Override
                public void writeFailed(Throwable x) {
                    c.waiting.decrementAndGet();
                }

                @Override
                public void writeSuccess() {
                    c.waiting.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            clients.remove(ctx);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (consumer != null) consumer.wakeup();
        if (thread != null) thread.join(5_000);
    }
}
