package io.argus.grafana;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a Grafana PostgreSQL panel query the way Grafana does before it sends it to the database:
 * dashboard variables ({@code $camera}, {@code ${camera}}), the interval variables, then the macros of
 * Grafana's PostgreSQL data source ({@code $__timeFilter(col)}, {@code $__timeGroup(col, '1h')} and the
 * rest), with Grafana's own output forms, including its TimescaleDB switch ({@code time_bucket}).
 * Single-valued variables are substituted as they are (the panel quotes them), as Grafana does.
 */
public final class GrafanaMacros {
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    private final Instant from;
    private final Instant to;
    private final boolean timescaledb;
    private final Map<String, String> variables;
    private final Duration interval;

    public GrafanaMacros(Instant from, Instant to, boolean timescaledb, Map<String, String> variables, Duration interval) {
        this.from = from;
        this.to = to;
        this.timescaledb = timescaledb;
        this.variables = Map.copyOf(variables);
        this.interval = interval;
    }

    public String expand(String sql) {
        String s = sql;
        // Longest names first, so $camera_id is not taken for $camera followed by "_id".
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String n : names) {
            s = s.replace("${" + n + "}", variables.get(n)).replace("[[" + n + "]]", variables.get(n));
            s = s.replaceAll("\\$" + Pattern.quote(n) + "(?![A-Za-z0-9_])", Matcher.quoteReplacement(variables.get(n)));
        }
        s = s.replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", intervalText(interval))
                .replace("$__unixEpochFrom()", Long.toString(from.getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(to.getEpochSecond()));
        Matcher m = MACRO.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            // Grafana's pre-5.3 rule: $__timeGroup directly followed by a comma also names the column "time".
            if (name.equals("__timeGroup") && m.end() < s.length() && s.charAt(m.end()) == ',') name = "__timeGroupAlias";
            List<String> args = new ArrayList<>();
            for (String a : m.group(2).split(",", -1)) args.add(a.trim());
            m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String macro(String name, List<String> args) {
        return switch (name) {
            case "__time" -> col(name, args) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + col(name, args) + ") as \"time\"";
            case "__timeFilter" -> col(name, args) + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
            case "__timeFrom" -> "'" + rfc3339(from) + "'";
            case "__timeTo" -> "'" + rfc3339(to) + "'";
            case "__timeGroup" -> {
                double secs = groupSeconds(name, args);
                yield timescaledb ? String.format(Locale.ROOT, "time_bucket('%.3fs',%s)", secs, args.get(0))
                        : "floor(extract(epoch from " + args.get(0) + ")/" + num(secs) + ")*" + num(secs);
            }
            case "__timeGroupAlias" -> macro("__timeGroup", args) + " AS \"time\"";
            case "__unixEpochFilter" -> col(name, args) + " >= " + from.getEpochSecond() + " AND " + args.get(0) + " <= " + to.getEpochSecond();
            case "__unixEpochGroup" -> {
                double secs = groupSeconds(name, args);
                yield "floor((" + args.get(0) + ")/" + num(secs) + ")*" + num(secs);
            }
            case "__unixEpochGroupAlias" -> macro("__unixEpochGroup", args) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown macro $" + name);
        };
    }

    private static String col(String name, List<String> args) {
        if (args.isEmpty() || args.get(0).isEmpty()) throw new IllegalArgumentException("missing time column argument for macro $" + name);
        return args.get(0);
    }

    private static double groupSeconds(String name, List<String> args) {
        if (args.size() < 2) throw new IllegalArgumentException("macro $" + name + " needs time column and interval and optional fill value");
        return parseInterval(args.get(1).replace("'", "")).toMillis() / 1000.0;
    }

    /** Grafana's interval syntax: 500ms, 30s, 5m, 1h, 1d, 1w. */
    public static Duration parseInterval(String s) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException("error parsing interval " + s);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** As Go's %v prints a float64: no trailing zeros, no exponent for these sizes. */
    static String num(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Go's RFC3339Nano in UTC: fraction without trailing zeros, "Z". */
    static String rfc3339(Instant t) {
        String s = t.toString(); // ISO-8601 in UTC, fraction in groups of 3 digits
        return s.contains(".") ? s.replaceAll("0+Z$", "Z").replace(".Z", "Z") : s;
    }

    static String intervalText(Duration d) {
        if (d.toMillis() % 3_600_000 == 0) return d.toHours() + "h";
        if (d.toMillis() % 60_000 == 0) return d.toMinutes() + "m";
        if (d.toMillis() % 1000 == 0) return d.toSeconds() + "s";
        return d.toMillis() + "ms";
    }
}
