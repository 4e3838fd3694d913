package io.argus.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, event by event, what each rule does with it: the rules of the config file, applied with the
 * notifier's memory ({@link NotifyState}). Pure: no I/O, no clock but the events' own times, so a dry
 * run decides what the notifier would.
 */
public final class RuleBook {
    private final NotifyConfig config;
    private final NotifyState state;

    public record Decision(Rule rule, Outcome outcome, Notification notification) {}

    public RuleBook(NotifyConfig config, NotifyState state) {
        this.config = config;
        this.state = state;
    }

    public NotifyState state() {
        return state;
    }

    /** One decision per rule the event matches (none: no rule matched). */
    public List<Decision> decide(TopicEvent e) {
        List<Decision> out = new ArrayList<>(1);
        for (Rule rule : config.rules()) {
            if (!rule.matches(e)) continue;
            String key = rule.name() + "/" + e.kind().text() + "/" + e.id();
            if (state.isDecided(key)) {
                out.add(new Decision(rule, Outcome.ALREADY_DECIDED, null));
                continue;
            }
            if (rule.quietAt(e, config.timezone())) {
                out.add(new Decision(rule, Outcome.QUIET_HOURS, null));
                continue;
            }
            // Decided once per episode: a crowd's fifty episodes are one message, not one each as the limit expires.
            state.decide(key, e.time());
            String perCamera = rule.name() + "@" + e.cameraId();
            Long last = state.lastSent(perCamera);
            if (last != null && Math.abs(e.time() - last) < rule.every().toMillis()) {
                out.add(new Decision(rule, Outcome.RATE_LIMITED, null));
                continue;
            }
            state.sent(perCamera, e.time());
            out.add(new Decision(rule, Outcome.SEND, Notification.of(rule, config.webhooks().get(rule.webhook()), e, config.reviewUrl())));
        }
        return out;
    }
}
