package io.argus.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.tracking.ActionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef\n");
        Path f = dir.resolve("notify.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsWebhooksAndRulesWithTheirDefaults() throws Exception {
        NotifyConfig c = NotifyConfig.load(write("""
                timezone: Europe/Berlin
                review-url: http://127.0.0.1:8088/
                webhooks:
                  - name: chat
                    url: http://127.0.0.1:9000/hook
                    secret-file: secret
                  - name: pager
                    url: https://pager.example/hook
                    secret-file: secret
                    timeout: 2s
                    max-attempts: 3
                    backoff: 500ms
                    max-backoff: 4s
                rules:
                  - name: person-at-door
                    webhook: chat
                    kind: episode
                    cameras: [entrance]
                    labels: person
                    zones: [door, porch]
                    min-duration: 10s
                    quiet-hours: 22:00-06:00
                  - name: gate
                    webhook: pager
                    kind: action
                    actions: [line_cross, zone_enter]
                    every: 0s
                """));
        assertThat(c.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.reviewUrl()).isEqualTo("http://127.0.0.1:8088");
        Webhook chat = c.webhooks().get("chat"), pager = c.webhooks().get("pager");
        assertThat(new String(chat.secret())).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(chat.timeout()).isEqualTo(Webhook.DEFAULT_TIMEOUT);
        assertThat(chat.maxAttempts()).isEqualTo(Webhook.DEFAULT_MAX_ATTEMPTS);
        assertThat(pager.maxAttempts()).isEqualTo(3);
        assertThat(pager.backoff()).isEqualTo(Duration.ofMillis(500));
        Rule door = c.rules().get(0), gate = c.rules().get(1);
        assertThat(door.kind()).isEqualTo(EventKind.EPISODE);
        assertThat(door.labels()).containsExactly("person");
        assertThat(door.zones()).containsExactlyInAnyOrder("door", "porch");
        assertThat(door.minDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(door.quietHours()).isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 0)));
        assertThat(door.every()).isEqualTo(Rule.DEFAULT_EVERY);
        assertThat(gate.actions()).isEqualTo(Set.of(ActionType.LINE_CROSS, ActionType.ZONE_ENTER));
        assertThat(gate.every()).isZero();
    }

    @Test
    void namesEveryProblemWithItsRuleOrWebhookAndKey() throws Exception {
        assertThatThrownBy(() -> NotifyConfig.load(write("""
                timezone: Mars/Olympus
                webhooks:
                  - name: chat
                    url: ftp://127.0.0.1/hook
                    secret-file: missing-secret
                    max-attempts: 0
                  - url: http://127.0.0.1:9000/
                    secret-file: secret
                rules:
                  - name: door
                    webhook: chta
                    kind: episode
                    lables: [person]
                    actions: [zone_enter]
                  - name: gate
                    webhook: chat
                    kind: action
                    actions: [line_crossing]
                    min-duration: 5s
                    quiet-hours: late
                    every: soon
                  - name: door
                    webhook: chat
                    kind: episodes
                """)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notify.yaml: 14 problems")
                .hasMessageContaining("timezone: 'Mars/Olympus' is not a time zone")
                .hasMessageContaining("webhook 'chat': url: 'ftp://127.0.0.1/hook' is not an http(s) URL")
                .hasMessageContaining("webhook 'chat': secret-file: cannot read")
                .hasMessageContaining("webhook 'chat': max-attempts: '0' must be a whole number of 1 or more")
                .hasMessageContaining("webhook #2: name: missing")
                .hasMessageContaining("rule 'door': webhook: no webhook is named 'chta' (did you mean 'chat'?)")
                .hasMessageContaining("rule 'door': unknown key 'lables' (did you mean 'labels'?)")
                .hasMessageContaining("rule 'door': actions: applies to rules of kind action, not episode")
                .hasMessageContaining("rule 'gate': actions: 'line_crossing' is no action type (zone_enter, zone_exit, loitering, line_cross, crowding, "
                        + "stationary) (did you mean 'line_cross'?)")
                .hasMessageContaining("rule 'gate': min-duration: applies to rules of kind episode, not action")
                .hasMessageContaining("rule 'gate': quiet-hours: 'late' is not a span of the day like 22:00-06:00")
                .hasMessageContaining("rule 'gate': every: 'soon' is not a duration")
                .hasMessageContaining("rule 'door': kind: 'episodes' is neither episode nor action")
                .hasMessageContaining("rule 'door': the name is used twice");
    }

    @Test
    void refusesAShortSecretAndAFileWithoutRules() throws Exception {
        Path f = write("""
                webhooks:
                  - name: chat
                    url: http://127.0.0.1:9000/hook
                    secret-file: short
                rules: []
                """);
        Files.writeString(dir.resolve("short"), "abc\n");
        assertThatThrownBy(() -> NotifyConfig.load(f)).hasMessageContaining("webhook 'chat': secret-file: ")
                .hasMessageContaining("holds 3 bytes; use at least 16");
        Files.writeString(dir.resolve("short"), "0123456789abcdef\n");
        assertThatThrownBy(() -> NotifyConfig.load(f)).hasMessageContaining("rules: none given");
    }

    @Test
    void theExampleInFlinkConfIsValid() throws Exception {
        Path example = Path.of(System.getProperty("user.dir")).resolveSibling("flink-conf").resolve("notify.example.yaml");
        Files.copy(example, dir.resolve("notify.example.yaml"));
        Files.writeString(dir.resolve("notify-secret"), "0123456789abcdef0123456789abcdef\n");
        NotifyConfig c = NotifyConfig.load(dir.resolve("notify.example.yaml"));
        assertThat(c.rules()).extracting(Rule::name).containsExactly("person-on-lower-plaza", "line-crossings-at-night");
        assertThat(c.webhooks()).containsKey("ops-chat");
    }
}
