package io.argus.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: reads the events topic, decides with the rules, posts to the webhooks, and only then
 * saves its state and commits the batch's offsets. At least once: a crash between a delivery and the
 * commit sends that message again after a restart, with the same idempotency key; a delivered and
 * committed message is never sent again. It reads every partition itself (one notifier per group; its
 * state is a local file), so there is no rebalancing to get in the way of a batch.
 */
public final class NotifyLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyLoop.class);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** Where to start in a partition this group has no committed offset for. */
    public enum StartFrom { EARLIEST, LATEST }

    /**
     * @param stateDir holds {@code state.json} (the rules' memory) and {@code given-up.jsonl}
     */
    public record Settings(String bootstrapServers, io.argus.cli.KafkaSecurity security, String topic, String group, StartFrom startFrom, Path stateDir) {}

    private final NotifyConfig config;
    private final Settings settings;
    private final NotifyCounters counters;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;

    public NotifyLoop(NotifyConfig config, Settings settings, NotifyCounters counters) {
        this.config = config;
        this.settings = settings;
        this.counters = counters;
        this.consumer = EventsTopic.consumer(settings.bootstrapServers(), settings.security(), settings.group());
    }

    public Path stateFile() {
        return settings.stateDir().resolve("state.json");
    }

    public Path givenUpFile() {
        return settings.stateDir().resolve("given-up.jsonl");
    }

    /** Runs until {@link #stop()}. */
    public void run() throws Exception {
        RuleBook book = new RuleBook(config, NotifyState.load(stateFile()));
        try (WebhookDelivery delivery = new WebhookDelivery(config.webhooks().values(), counters, givenUpFile())) {
            start();
            long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            String lastSummary = "";
            while (!stopped) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && !handle(records, book, delivery)) break;
                if (System.nanoTime() > nextProgress) {
                    nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    String s = counters.summary();
                    if (!s.equals(lastSummary)) LOG.info("notify: {}", s);
                    lastSummary = s;
                }
            }
        } catch (WakeupException e) {
            // stop(): a batch not committed yet is read again after a restart
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOG.info("notify stopped: {}", counters.summary());
        }
    }

    private void start() {
        List<TopicPartition> parts = EventsTopic.partitions(consumer, settings.topic());
        consumer.assign(parts);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(parts));
        List<String> from = new ArrayList<>();
        for (TopicPartition p : parts) {
            OffsetAndMetadata o = committed.get(p);
            if (o != null) consumer.seek(p, o.offset());
            else if (settings.startFrom() == StartFrom.EARLIEST) consumer.seekToBeginning(List.of(p));
            else consumer.seekToEnd(List.of(p));
            from.add(p.partition() + "@" + consumer.position(p) + (o == null ? " (" + settings.startFrom().name().toLowerCase() + ")" : ""));
        }
        LOG.info("notify: reading {} as group {} from {}; {} rule(s), {} webhook(s); state in {}", settings.topic(), settings.group(), from,
                config.rules().size(), config.webhooks().size(), settings.stateDir());
    }

    /** Decides and delivers one batch, then saves the state and commits; false when stopped before the batch was through. */
    private boolean handle(ConsumerRecords<byte[], byte[]> records, RuleBook book, WebhookDelivery delivery) throws Exception {
        List<CompletableFuture<WebhookDelivery.Result>> pending = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            counters.eventsRead.incrementAndGet();
            TopicEvent e;
            try {
                e = TopicEvent.parse(r.value());
            } catch (TopicEvent.NotForRules ex) {
                continue;
            } catch (IllegalArgumentException ex) {
                counters.eventsUnreadable.incrementAndGet();
                LOG.warn("{}-{}@{}: not an Argus event ({}); skipped", r.topic(), r.partition(), r.offset(), ex.getMessage());
                continue;
            }
            for (RuleBook.Decision d : book.decide(e)) {
                counters.count(d.outcome());
                if (d.outcome() == Outcome.SEND) pending.add(delivery.submit(d.notification()));
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(200, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (stopped) return false; // not committed: these events are read again after a restart
            } catch (ExecutionException e) {
                // A worker stopped mid-delivery (close), or failed: not committed, read again after a restart.
                if (!stopped) LOG.error("notify: a delivery failed unexpectedly; stopping without committing this batch", e.getCause());
                return false;
            }
        }
        book.state().prune();
        book.state().saveIfChanged(stateFile());
        consumer.commitSync(offsets);
        return true;
    }

    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        stop();
    }
}
