package io.argus.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.tracking.ActionType;
import io.argus.tracking.EpisodeStatus;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * An episode or action as read back from the events topic (the JSON of {@code EventJson}): the fields
 * the rules look at, and the message itself. An episode comes many times (each upsert while open, then
 * closed); an action once (more only on a replay).
 *
 * @param startedAt an episode's start; an action's time
 * @param endedAt an episode's last sighting in this version; an action's time
 * @param action null for an episode
 * @param status null for an action
 */
public record TopicEvent(EventKind kind, String id, String cameraId, String label, Set<String> zones, ActionType action,
        long startedAt, long endedAt, EpisodeStatus status, JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event's own time: what quiet hours and the rate limit are judged by (capture time, not arrival). */
    public long time() {
        return endedAt;
    }

    public long durationMs() {
        return endedAt - startedAt;
    }

    /** @throws IllegalArgumentException saying what is wrong with the message */
    public static TopicEvent parse(byte[] value) {
        JsonNode n;
        try {
            n = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
        if ("model".equals(n.path("kind").asText(null))) throw new NotForRules();
        EventKind kind = EventKind.of(n.path("kind").asText(null));
        if (kind == null) throw new IllegalArgumentException("\"kind\" is " + n.get("kind") + ", not \"episode\" or \"action\"");
        String id = text(n, "id"), camera = text(n, "cameraId"), label = text(n, "label");
        if (kind == EventKind.EPISODE) {
            TreeSet<String> zones = new TreeSet<>();
            n.path("zones").forEach(z -> zones.add(z.asText()));
            EpisodeStatus status = null;
            for (EpisodeStatus s : EpisodeStatus.values()) if (s.text().equals(n.path("status").asText())) status = s;
            if (status == null) throw new IllegalArgumentException("episode " + id + ": \"status\" is " + n.get("status"));
            return new TopicEvent(kind, id, camera, label, zones, null, number(n, "startedAt"), number(n, "endedAt"), status, n);
        }
        ActionType type = null;
        for (ActionType t : ActionType.values()) if (t.text().equals(n.path("type").asText())) type = t;
        if (type == null) throw new IllegalArgumentException("action " + id + ": \"type\" is " + n.get("type"));
        String zone = n.path("zone").isTextual() ? n.get("zone").asText() : null;
        long ts = number(n, "ts");
        return new TopicEvent(kind, id, camera, label, zone == null ? Set.of() : Set.of(zone), type, ts, ts, null, n);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new IllegalArgumentException("\"" + field + "\" is missing or not text");
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) throw new IllegalArgumentException("\"" + field + "\" is missing or not a whole number");
        return v.asLong();
    }

    /** An event of the topic that no rule is about (a model's status change): skipped without a warning. */
    public static final class NotForRules extends IllegalArgumentException {
        NotForRules() {
            super("a model event");
        }
    }
}
