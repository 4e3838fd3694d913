package io.argus.notify;

import java.util.Locale;

/** What a message on the events topic is about; {@link #text()} is its {@code "kind"} field. */
public enum EventKind {
    EPISODE,
    ACTION;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null when {@code text} is no kind */
    public static EventKind of(String text) {
        for (EventKind k : values()) if (k.text().equals(text)) return k;
        return null;
    }
}
