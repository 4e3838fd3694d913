package io.argus.notify;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** A daily span without notifications, e.g. 22:00-06:00 (it may run past midnight); the end is outside it. */
public record QuietHours(LocalTime from, LocalTime to) {
    public boolean contains(LocalTime t) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** "22:00-06:00"; @throws IllegalArgumentException naming {@code what} */
    public static QuietHours parse(String what, String text) {
        String[] p = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
        try {
            if (p.length == 2) {
                QuietHours q = new QuietHours(LocalTime.parse(p[0]), LocalTime.parse(p[1]));
                if (!q.from.equals(q.to)) return q;
            }
        } catch (DateTimeParseException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is not a span of the day like 22:00-06:00");
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
