package io.argus.storage;

/**
 * Whether a database's TimescaleDB extension can run Argus's layout: its version must be at least
 * {@link #MINIMUM} and the same as the server's installed library (TimescaleDB refuses most work when
 * the two differ, with errors that do not say what Argus needs).
 */
public final class TimescaleVersion {
    /**
     * The oldest version the layout is written for: continuous aggregates over {@code time_bucket} with
     * a time zone and an origin, and upserts into compressed chunks (which the sinks' replays do).
     */
    public static final String MINIMUM = "2.13.0";

    private TimescaleVersion() {}

    /**
     * @param installed the extension's version in the database ({@code pg_extension.extversion})
     * @param available the server's installed version ({@code pg_available_extensions.default_version}), null if unknown
     * @return what is wrong and what to do, or null where the versions are fine
     */
    public static String problem(String database, String installed, String available) {
        if (compare(installed, MINIMUM) < 0) {
            return "database " + database + " has TimescaleDB " + installed + ", older than " + MINIMUM + ", the oldest this Argus build"
                    + " supports: install TimescaleDB " + MINIMUM + " or newer on the server, run ALTER EXTENSION timescaledb UPDATE;"
                    + " as the first statement of a new session (psql -X -d " + database + "), then migrate again";
        }
        if (available == null || compare(installed, available) == 0) return null;
        if (compare(installed, available) < 0) {
            return "database " + database + " has TimescaleDB " + installed + " but the server's library is " + available
                    + ": run ALTER EXTENSION timescaledb UPDATE; as the first statement of a new session (psql -X -d " + database
                    + "), then migrate again";
        }
        return "database " + database + " has TimescaleDB " + installed + " but the server's library is the older " + available
                + ": install TimescaleDB " + installed + " on the server (a downgrade of the extension is not possible), then migrate again";
    }

    /** Compares dotted versions numerically (2.9.0 &lt; 2.13.0); a suffix such as "-dev" is ignored. */
    static int compare(String a, String b) {
        String[] x = a.split("[.]"), y = b.split("[.]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(part(x, i), part(y, i));
            if (d != 0) return d;
        }
        return 0;
    }

    private static int part(String[] parts, int i) {
        if (i >= parts.length) return 0;
        String digits = parts[i].replaceFirst("[^0-9].*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
