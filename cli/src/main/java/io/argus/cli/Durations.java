package io.argus.cli;

import java.time.Duration;
import java.util.Locale;

/** The one way every Argus command and config file writes a duration: 500ms, 45s, 90m, 24h, 7d, or ISO-8601 (PT36H). */
public final class Durations {
    private Durations() {}

    /** @throws IllegalArgumentException naming {@code what} (a flag or a config key) and the accepted forms */
    public static Duration parse(String what, String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) return Duration.parse(v.toUpperCase(Locale.ROOT));
            int unit = 0;
            while (unit < v.length() && Character.isDigit(v.charAt(unit))) unit++;
            long n = Long.parseLong(v.substring(0, unit));
            Duration d = switch (v.substring(unit)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> null;
            };
            if (d != null) return d;
        } catch (RuntimeException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is not a duration like 500ms, 45s, 90m, 24h, 7d or PT36H");
    }

    /** As {@link #parse}, and above zero. */
    public static Duration positive(String what, String text) {
        Duration d = parse(what, text);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(what + ": '" + text + "' must be above zero");
        return d;
    }
}
