package io.argus.sinks;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One line of PostgreSQL's {@code COPY ... (FORMAT csv)} input, field by field: text is quoted with
 * quotes doubled, an empty unquoted field is NULL, times are ISO-8601 instants (UTC).
 */
public final class CsvLine {
    private final StringBuilder b = new StringBuilder(256);
    private boolean first = true;

    public void reset() {
        b.setLength(0);
        first = true;
    }

    private StringBuilder next() {
        if (!first) b.append(',');
        first = false;
        return b;
    }

    public CsvLine text(String s) {
        if (s == null) return nil();
        StringBuilder o = next().append('"');
        if (s.indexOf('"') < 0) {
            o.append(s); // no quote to double (ids, labels): one bulk copy instead of a char at a time
        } else {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') o.append('"');
                o.append(c);
            }
        }
        o.append('"');
        return this;
    }

    public CsvLine nil() {
        next();
        return this;
    }

    public CsvLine number(long v) {
        next().append(v);
        return this;
    }

    /** A real, exactly as Java prints the float (PostgreSQL reads it back to the same value). */
    public CsvLine number(float v) {
        next().append(v);
        return this;
    }

    public CsvLine uuid(UUID u) {
        next().append(u);
        return this;
    }

    public CsvLine time(long epochMillis) {
        next().append(Instant.ofEpochMilli(epochMillis));
        return this;
    }

    public String text() {
        return b.toString();
    }

    /** Appends this line and its newline to {@code out} (no intermediate String: once per row). */
    public void appendTo(StringBuilder out) {
        out.append(b).append('\n');
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CsvLine[%s]", b);
    }
}
