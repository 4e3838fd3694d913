package io.argus.notify;

import static io.argus.tracking.EpisodeStatus.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.tracking.ActionType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationTest {
    private static final Webhook HOOK = new Webhook("chat", URI.create("http://127.0.0.1:1/"), "0123456789abcdef".getBytes(), Duration.ofSeconds(1),
            1, Duration.ofMillis(10), Duration.ofMillis(10));
    private static final Rule ANY = new Rule("any", "chat", EventKind.EPISODE, Set.of(), Set.of(), Set.of(), Set.of(), Duration.ZERO, null, Duration.ZERO);
    private static final long T = 1_795_860_000_000L; // 2026-11-28T10:00:00Z

    @Test
    void anEpisodeMessageSaysWhatWhereWhenAndLinksToItsReviewPage() throws Exception {
        TopicEvent e = Events.episode("entrance", 7, "person", T, T + 72_400, OPEN, "door", "porch");
        Notification n = Notification.of(ANY, HOOK, e, "http://127.0.0.1:8088");
        JsonNode b = new ObjectMapper().readTree(n.body());
        assertThat(b.get("text").asText()).isEqualTo("person in zones door, porch at entrance, 1 min 12 s");
        assertThat(b.get("camera").asText()).isEqualTo("entrance");
        assertThat(b.get("started_at").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(b.get("ended_at").asText()).isEqualTo("2026-11-28T10:01:12.400Z");
        assertThat(b.get("duration_s").asDouble()).isEqualTo(72.4);
        assertThat(b.get("episode_id").asText()).isEqualTo(e.id());
        assertThat(b.get("review_url").asText()).isEqualTo("http://127.0.0.1:8088/episodes/" + e.id());
        assertThat(b.get("snapshot_url").asText()).isEqualTo("http://127.0.0.1:8088/api/episodes/" + e.id() + "/snapshot");
        assertThat(b.get("event").get("trackId").asLong()).isEqualTo(7);
        assertThat(b.get("idempotency_key").asText()).isEqualTo(n.key());
        // The same rule and episode, any version: the same key. Another rule: another key.
        assertThat(Notification.of(ANY, HOOK, Events.episode("entrance", 7, "person", T, T + 90_000, OPEN), null).key()).isEqualTo(n.key());
        Rule other = new Rule("other", "chat", EventKind.EPISODE, Set.of(), Set.of(), Set.of(), Set.of(), Duration.ZERO, null, Duration.ZERO);
        assertThat(Notification.of(other, HOOK, e, null).key()).isNotEqualTo(n.key());
        // Without serve's address, no links.
        JsonNode plain = new ObjectMapper().readTree(Notification.of(ANY, HOOK, e, null).body());
        assertThat(plain.has("review_url")).isFalse();
        assertThat(plain.has("snapshot_url")).isFalse();
    }

    @Test
    void eachActionTypeHasItsSentence() {
        assertThat(Notification.describe(Events.action("c", 1, "person", T, ActionType.ZONE_ENTER, "door", null))).isEqualTo("person entered zone door at c");
        assertThat(Notification.describe(Events.action("c", 1, "person", T, ActionType.ZONE_EXIT, "door", null))).isEqualTo("person left zone door at c");
        assertThat(Notification.describe(Events.action("c", 1, "person", T, ActionType.LOITERING, "door", "{\"dwell_ms\":31000,\"entered_at\":1}")))
                .isEqualTo("person loitering in zone door at c, 31 s");
        assertThat(Notification.describe(Events.action("c", 1, "person", T, ActionType.CROWDING, "door", "{\"count\":5,\"since\":1}")))
                .isEqualTo("crowding: 5 person in zone door at c");
        assertThat(Notification.describe(Events.action("c", 1, "car", T, ActionType.STATIONARY, null, null))).isEqualTo("car stationary at c");
        String body = new String(Notification.of(new Rule("a", "chat", EventKind.ACTION, Set.of(), Set.of(), Set.of(), Set.of(), Duration.ZERO, null,
                Duration.ZERO), HOOK, Events.action("back yard", 1, "car", T, ActionType.STATIONARY, null, null), "http://h:1").body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"action\":\"stationary\"").contains("\"review_url\":\"http://h:1/cameras/back+yard\"").doesNotContain("snapshot_url");
    }

    @Test
    void theSignatureIsHmacSha256OfTheBody() {
        // RFC 4231, test case 2.
        assertThat(Signature.of("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(Signature.valid("k".getBytes(), body, Signature.of("k".getBytes(), body))).isTrue();
        assertThat(Signature.valid("k".getBytes(), body, Signature.of("other".getBytes(), body))).isFalse();
        assertThat(Signature.valid("k".getBytes(), body, null)).isFalse();
    }

    @Test
    void unreadableMessagesAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicEvent.parse("nope".getBytes())).hasMessageStartingWith("not JSON");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicEvent.parse("{\"kind\":\"frame\"}".getBytes()))
                .hasMessage("\"kind\" is \"frame\", not \"episode\" or \"action\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicEvent.parse("{\"kind\":\"action\",\"id\":\"x\",\"cameraId\":\"c\",\"label\":\"l\",\"type\":\"wave\"}".getBytes()))
                .hasMessage("action x: \"type\" is \"wave\"");
    }

    @Test
    void quietHoursRunPastMidnight() {
        QuietHours q = QuietHours.parse("q", "22:00-06:00");
        assertThat(q.contains(java.time.LocalTime.of(23, 0))).isTrue();
        assertThat(q.contains(java.time.LocalTime.of(5, 59))).isTrue();
        assertThat(q.contains(java.time.LocalTime.of(6, 0))).isFalse();
        assertThat(q.contains(java.time.LocalTime.of(21, 59))).isFalse();
        QuietHours day = QuietHours.parse("q", "09:00 - 17:30");
        assertThat(day.contains(java.time.LocalTime.of(12, 0))).isTrue();
        assertThat(day.contains(java.time.LocalTime.of(17, 30))).isFalse();
    }
}
