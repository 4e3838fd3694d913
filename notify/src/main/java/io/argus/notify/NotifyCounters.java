package io.argus.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the notifier did, for its progress line, its exit summary and {@code --metrics-port} (Prometheus text). */
public final class NotifyCounters {
    public final AtomicLong eventsRead = new AtomicLong();
    public final AtomicLong eventsUnreadable = new AtomicLong();
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong givenUp = new AtomicLong();
    public final AtomicLong rateLimited = new AtomicLong();
    public final AtomicLong quietHours = new AtomicLong();
    public final AtomicLong alreadyDecided = new AtomicLong();

    public void count(Outcome o) {
        switch (o) {
            case SEND -> { } // counted once delivered, in sent or givenUp
            case RATE_LIMITED -> rateLimited.incrementAndGet();
            case QUIET_HOURS -> quietHours.incrementAndGet();
            case ALREADY_DECIDED -> alreadyDecided.incrementAndGet();
        }
    }

    private Map<String, Long> values() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events_read", eventsRead.get());
        m.put("events_unreadable", eventsUnreadable.get());
        m.put("sent", sent.get());
        m.put("retries", retries.get());
        m.put("given_up", givenUp.get());
        m.put("rate_limited", rateLimited.get());
        m.put("quiet_hours", quietHours.get());
        m.put("already_decided", alreadyDecided.get());
        return m;
    }

    /** One line: "events_read=12 sent=3 ...". */
    public String summary() {
        StringBuilder b = new StringBuilder();
        values().forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    /** The Prometheus text format: one counter per value, named argus_notify_<value>_total. */
    public String prometheus() {
        StringBuilder b = new StringBuilder();
        values().forEach((k, v) -> b.append("# TYPE argus_notify_").append(k).append("_total counter\nargus_notify_").append(k)
                .append("_total ").append(v).append('\n'));
        return b.toString();
    }
}
