package io.argus.notify;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./argus notify --dry-run}: reads the events of the last {@code --since} (by their Kafka
 * timestamps, which the job sets to the events' capture times) and prints what the rules would have
 * sent and what they would have held back. Joins no group, commits nothing, posts nothing.
 */
public final class NotifyDryRun {
    private NotifyDryRun() {}

    public record Summary(long events, long unreadable, long wouldSend, long rateLimited, long quietHours) {}

    public static Summary run(NotifyConfig config, String bootstrapServers, io.argus.cli.KafkaSecurity security, String topic, Duration since, PrintStream out) {
        RuleBook book = new RuleBook(config, new NotifyState());
        long events = 0, unreadable = 0, send = 0, limited = 0, quiet = 0;
        try (KafkaConsumer<byte[], byte[]> c = EventsTopic.consumer(bootstrapServers, security, null)) {
            List<TopicPartition> parts = EventsTopic.partitions(c, topic);
            c.assign(parts);
            long from = Instant.now().minus(since).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            parts.forEach(p -> query.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(query);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            for (TopicPartition p : parts) {
                OffsetAndTimestamp o = start.get(p);
                c.seek(p, o == null ? end.get(p) : o.offset());
            }
            out.printf("dry run: the events of the last %s on %s (nothing is sent)%n", since.toString().substring(2).toLowerCase(java.util.Locale.ROOT), topic);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) continue;
                    events++;
                    TopicEvent e;
                    try {
                        e = TopicEvent.parse(r.value());
                    } catch (IllegalArgumentException ex) {
                        unreadable++;
                        out.printf("  unreadable  %s-%d@%d: %s%n", r.topic(), r.partition(), r.offset(), ex.getMessage());
                        continue;
                    }
                    for (RuleBook.Decision d : book.decide(e)) {
                        String what = switch (d.outcome()) {
                            case SEND -> { send++; yield "would send "; }
                            case RATE_LIMITED -> { limited++; yield "rate-limited"; }
                            case QUIET_HOURS -> { quiet++; yield "quiet hours "; }
                            case ALREADY_DECIDED -> null;
                        };
                        if (what == null) continue;
                        out.printf("  %s  %s  rule %s -> %s: %s%n", what, Instant.ofEpochMilli(e.time()), d.rule().name(), d.rule().webhook(),
                                Notification.describe(e));
                    }
                }
            }
        }
        out.printf("%d event(s) read: %d would be sent, %d rate-limited, %d in quiet hours, %d unreadable%n", events, send, limited, quiet, unreadable);
        return new Summary(events, unreadable, send, limited, quiet);
    }
}
