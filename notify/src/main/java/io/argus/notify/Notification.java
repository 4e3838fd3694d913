package io.argus.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One message for one webhook: what, where, when, a short text, links, and the event itself. The body
 * is the same bytes on every attempt (no send time in it), so a repeat is recognisable by its
 * idempotency key and its signature alike.
 *
 * @param key the idempotency key: the same for every attempt and every replay of this rule and event
 */
public record Notification(String key, Rule rule, Webhook webhook, TopicEvent event, String text, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Notification of(Rule rule, Webhook webhook, TopicEvent e, String reviewUrl) {
        String key = UUID.nameUUIDFromBytes(("notify/" + rule.name() + "/" + e.kind().text() + "/" + e.id()).getBytes(StandardCharsets.UTF_8)).toString();
        String text = describe(e);
        ObjectNode n = JSON.createObjectNode();
        n.put("idempotency_key", key);
        n.put("rule", rule.name());
        n.put("kind", e.kind().text());
        n.put("text", text);
        n.put("camera", e.cameraId());
        n.put("label", e.label());
        var zones = n.putArray("zones");
        e.zones().forEach(zones::add);
        n.put("started_at", Instant.ofEpochMilli(e.startedAt()).toString());
        n.put("ended_at", Instant.ofEpochMilli(e.endedAt()).toString());
        if (e.kind() == EventKind.EPISODE) {
            n.put("duration_s", e.durationMs() / 1000.0);
            n.put("status", e.status().text());
            n.put("episode_id", e.id());
        } else {
            n.put("action", e.action().text());
            n.put("action_id", e.id());
        }
        if (reviewUrl != null) {
            if (e.kind() == EventKind.EPISODE) {
                n.put("review_url", reviewUrl + "/episodes/" + e.id());
                n.put("snapshot_url", reviewUrl + "/api/episodes/" + e.id() + "/snapshot");
            } else {
                n.put("review_url", reviewUrl + "/cameras/" + URLEncoder.encode(e.cameraId(), StandardCharsets.UTF_8));
            }
        }
        n.set("event", e.json());
        return new Notification(key, rule, webhook, e, text, n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** "person in zone door at entrance, 12 s"; "car crossed line gate (A->B) at street". */
    static String describe(TopicEvent e) {
        String at = " at " + e.cameraId();
        if (e.kind() == EventKind.EPISODE) {
            String zones = e.zones().isEmpty() ? "" : (e.zones().size() == 1 ? " in zone " : " in zones ") + String.join(", ", e.zones());
            return e.label() + zones + at + ", " + seconds(e.durationMs());
        }
        String zone = e.zones().isEmpty() ? "" : e.zones().iterator().next();
        var data = e.json().path("data");
        return switch (e.action()) {
            case ZONE_ENTER -> e.label() + " entered zone " + zone + at;
            case ZONE_EXIT -> e.label() + " left zone " + zone + at;
            case LOITERING -> e.label() + " loitering in zone " + zone + at
                    + (data.has("dwell_ms") ? ", " + seconds(data.get("dwell_ms").asLong()) : "");
            case LINE_CROSS -> e.label() + " crossed line " + zone + (data.has("direction") ? " (" + data.get("direction").asText() + ")" : "") + at;
            case CROWDING -> "crowding: " + (data.has("count") ? data.get("count").asInt() + " " : "") + e.label() + " in zone " + zone + at;
            case STATIONARY -> e.label() + " stationary" + at;
        };
    }

    private static String seconds(long ms) {
        return ms < 60_000 ? Math.round(ms / 1000.0) + " s" : String.format(Locale.ROOT, "%d min %d s", ms / 60_000, Math.round((ms % 60_000) / 1000.0));
    }
}
