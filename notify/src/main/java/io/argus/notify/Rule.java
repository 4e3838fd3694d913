package io.argus.notify;

import io.argus.tracking.ActionType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * Which events go to which webhook. An empty set matches everything; a rule matches an event when each
 * of its sets does (a zone set: any of the event's zones).
 *
 * @param minDuration episodes only: how long the object must have been in view (zero: any)
 * @param quietHours null: none
 * @param every at most one notification per camera and rule per this much event time (zero: no limit)
 */
public record Rule(String name, String webhook, EventKind kind, Set<String> cameras, Set<String> labels, Set<String> zones,
        Set<ActionType> actions, Duration minDuration, QuietHours quietHours, Duration every) {
    /** One message per camera and rule per minute unless a rule says otherwise: a crowd is one message, not fifty. */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(60);

    public boolean matches(TopicEvent e) {
        if (e.kind() != kind) return false;
        if (!cameras.isEmpty() && !cameras.contains(e.cameraId())) return false;
        if (!labels.isEmpty() && !labels.contains(e.label())) return false;
        if (!zones.isEmpty() && e.zones().stream().noneMatch(zones::contains)) return false;
        if (!actions.isEmpty() && !actions.contains(e.action())) return false;
        return e.kind() != EventKind.EPISODE || e.durationMs() >= minDuration.toMillis();
    }

    /** Whether the event's time falls in this rule's quiet hours, in {@code zone}. */
    public boolean quietAt(TopicEvent e, ZoneId zone) {
        return quietHours != null && quietHours.contains(Instant.ofEpochMilli(e.time()).atZone(zone).toLocalTime());
    }
}
