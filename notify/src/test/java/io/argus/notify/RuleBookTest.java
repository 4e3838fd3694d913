package io.argus.notify;

import static io.argus.tracking.EpisodeStatus.CLOSED;
import static io.argus.tracking.EpisodeStatus.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tracking.ActionType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleBookTest {
    // 2026-11-28T10:00:00Z
    private static final long T = 1_795_860_000_000L;
    private static final Webhook HOOK = new Webhook("chat", URI.create("http://127.0.0.1:1/"), "0123456789abcdef".getBytes(),
            Webhook.DEFAULT_TIMEOUT, 3, Duration.ofMillis(10), Duration.ofMillis(40));

    private static Rule personAtDoor(Duration every, QuietHours quiet) {
        return new Rule("door", "chat", EventKind.EPISODE, Set.of("entrance"), Set.of("person"), Set.of("door"), Set.of(), Duration.ofSeconds(10), quiet,
                every);
    }

    private static RuleBook book(Rule... rules) {
        return new RuleBook(new NotifyConfig(ZoneId.of("UTC"), "http://127.0.0.1:8088", Map.of("chat", HOOK), List.of(rules)), new NotifyState());
    }

    private static List<Outcome> outcomes(RuleBook b, TopicEvent e) {
        return b.decide(e).stream().map(RuleBook.Decision::outcome).toList();
    }

    @Test
    void anEpisodeIsSentOnceWhenItFirstMatchesAndItsLaterVersionsAreNot() {
        RuleBook b = book(personAtDoor(Duration.ZERO, null));
        // 4 s in view: too short; 12 s: sent; 20 s and closed at 25 s: already decided.
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", T, T + 4_000, OPEN, "door"))).isEmpty();
        List<RuleBook.Decision> d = b.decide(Events.episode("entrance", 1, "person", T, T + 12_000, OPEN, "door"));
        assertThat(d).extracting(RuleBook.Decision::outcome).containsExactly(Outcome.SEND);
        assertThat(d.get(0).notification().text()).isEqualTo("person in zone door at entrance, 12 s");
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", T, T + 20_000, OPEN, "door"))).containsExactly(Outcome.ALREADY_DECIDED);
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", T, T + 25_000, CLOSED, "door"))).containsExactly(Outcome.ALREADY_DECIDED);
    }

    @Test
    void cameraLabelAndZoneMustAllMatch() {
        RuleBook b = book(personAtDoor(Duration.ZERO, null));
        assertThat(outcomes(b, Events.episode("garage", 1, "person", T, T + 12_000, OPEN, "door"))).isEmpty();
        assertThat(outcomes(b, Events.episode("entrance", 2, "car", T, T + 12_000, OPEN, "door"))).isEmpty();
        assertThat(outcomes(b, Events.episode("entrance", 3, "person", T, T + 12_000, OPEN, "street"))).isEmpty();
        assertThat(outcomes(b, Events.episode("entrance", 4, "person", T, T + 12_000, OPEN))).isEmpty();
        assertThat(outcomes(b, Events.episode("entrance", 5, "person", T, T + 12_000, OPEN, "door", "street"))).containsExactly(Outcome.SEND);
    }

    @Test
    void aCrowdOnOneCameraIsOneMessagePerPeriod() {
        RuleBook b = book(personAtDoor(Duration.ofSeconds(60), null));
        // Fifty people, one every second, each 10 s in view: the first is sent; the other 49 fall in its
        // minute (their matches at 11..59 s); then one more at 70 s (60 s after the first was sent at 10 s).
        int sent = 0, limited = 0;
        for (int i = 0; i < 50; i++) {
            List<Outcome> o = outcomes(b, Events.episode("entrance", 100 + i, "person", T + i * 1000L, T + i * 1000L + 10_000, OPEN, "door"));
            sent += o.contains(Outcome.SEND) ? 1 : 0;
            limited += o.contains(Outcome.RATE_LIMITED) ? 1 : 0;
        }
        assertThat(sent).isEqualTo(1);
        assertThat(limited).isEqualTo(49);
        // A held-back episode is not sent later either, even once the minute is over.
        assertThat(outcomes(b, Events.episode("entrance", 149, "person", T + 49_000, T + 80_000, OPEN, "door"))).containsExactly(Outcome.ALREADY_DECIDED);
        assertThat(outcomes(b, Events.episode("entrance", 200, "person", T + 60_000, T + 70_000, OPEN, "door"))).containsExactly(Outcome.SEND);
        // Another camera has its own limit.
        RuleBook two = book(new Rule("any", "chat", EventKind.EPISODE, Set.of(), Set.of(), Set.of(), Set.of(), Duration.ZERO, null, Duration.ofSeconds(60)));
        assertThat(outcomes(two, Events.episode("a", 1, "person", T, T, OPEN))).containsExactly(Outcome.SEND);
        assertThat(outcomes(two, Events.episode("b", 1, "person", T, T, OPEN))).containsExactly(Outcome.SEND);
        assertThat(outcomes(two, Events.episode("a", 2, "person", T, T + 59_999, OPEN))).containsExactly(Outcome.RATE_LIMITED);
    }

    @Test
    void quietHoursHoldBackWithoutDecidingSoALaterVersionMayStillGo() {
        // 22:00-06:00 UTC; T is 10:00 UTC, so T - 4h05m is 05:55.
        RuleBook b = book(personAtDoor(Duration.ZERO, new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 0))));
        long early = T - Duration.ofMinutes(245).toMillis();
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", early, early + 12_000, OPEN, "door"))).containsExactly(Outcome.QUIET_HOURS);
        // Still there at 06:00:30: now it is sent.
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", early, early + 330_000, OPEN, "door"))).containsExactly(Outcome.SEND);
    }

    @Test
    void actionsMatchByTypeAndZoneAndDescribeThemselves() {
        RuleBook b = book(new Rule("gate", "chat", EventKind.ACTION, Set.of(), Set.of(), Set.of("gate"), Set.of(ActionType.LINE_CROSS), Duration.ZERO, null,
                Duration.ZERO));
        assertThat(outcomes(b, Events.action("street", 1, "car", T, ActionType.ZONE_ENTER, "gate", null))).isEmpty();
        List<RuleBook.Decision> d = b.decide(Events.action("street", 1, "car", T, ActionType.LINE_CROSS, "gate", "{\"direction\":\"A->B\"}"));
        assertThat(d).extracting(RuleBook.Decision::outcome).containsExactly(Outcome.SEND);
        assertThat(d.get(0).notification().text()).isEqualTo("car crossed line gate (A->B) at street");
        // A replay of the same action (same id) is not sent again.
        assertThat(outcomes(b, Events.action("street", 1, "car", T, ActionType.LINE_CROSS, "gate", "{\"direction\":\"A->B\"}")))
                .containsExactly(Outcome.ALREADY_DECIDED);
    }

    @Test
    void twoRulesDecideApart() {
        Rule a = personAtDoor(Duration.ZERO, null);
        Rule all = new Rule("all", "chat", EventKind.EPISODE, Set.of(), Set.of(), Set.of(), Set.of(), Duration.ZERO, null, Duration.ZERO);
        RuleBook b = book(a, all);
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", T, T + 2_000, OPEN, "door"))).containsExactly(Outcome.SEND);
        assertThat(outcomes(b, Events.episode("entrance", 1, "person", T, T + 12_000, OPEN, "door"))).containsExactly(Outcome.SEND, Outcome.ALREADY_DECIDED);
    }

    @Test
    void theStateSurvivesASaveAndForgetsWhatIsADayOld(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state.json");
        RuleBook b = book(personAtDoor(Duration.ofSeconds(60), null));
        b.decide(Events.episode("entrance", 1, "person", T, T + 12_000, OPEN, "door"));
        b.state().saveIfChanged(file);
        RuleBook again = new RuleBook(new NotifyConfig(ZoneId.of("UTC"), null, Map.of("chat", HOOK), List.of(personAtDoor(Duration.ofSeconds(60), null))),
                NotifyState.load(file));
        assertThat(outcomes(again, Events.episode("entrance", 1, "person", T, T + 30_000, CLOSED, "door"))).containsExactly(Outcome.ALREADY_DECIDED);
        assertThat(outcomes(again, Events.episode("entrance", 2, "person", T + 20_000, T + 40_000, OPEN, "door"))).containsExactly(Outcome.RATE_LIMITED);
        assertThat(again.state().size()).isEqualTo(3); // two episodes decided, one camera's last send
        // A day and a bit later, the old entries go.
        long later = T + NotifyState.KEEP.toMillis() + 60_000;
        assertThat(outcomes(again, Events.episode("entrance", 3, "person", later, later + 12_000, OPEN, "door"))).containsExactly(Outcome.SEND);
        again.state().prune();
        assertThat(again.state().size()).isEqualTo(2);
    }
}
