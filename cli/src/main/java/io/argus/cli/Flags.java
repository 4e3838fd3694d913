package io.argus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The one flag convention of every Argus command: {@code --name value} or {@code --name=value}, the
 * same names for the same things in every command ({@link #jdbc}, {@link #kafka}), credentials only
 * from a file or an environment variable (never on a command line, where {@code ps} shows them),
 * {@code --help} and {@code --version} everywhere, and an unknown flag named with the nearest known one
 * ("did you mean") or, for a spelling an earlier version used, the flag that replaced it.
 */
public final class Flags {
    /** The database flags, the same in every command that reads or writes the database. */
    public static final String JDBC_URL = "jdbc-url", JDBC_USER = "jdbc-user", JDBC_PASSWORD_FILE = "jdbc-password-file";
    /** The environment variable that may carry the database password instead of a file. */
    public static final String JDBC_PASSWORD_ENV = "ARGUS_JDBC_PASSWORD";
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String KAFKA_PROPERTIES = "kafka-properties";

    private final String synopsis;
    private final String description;
    private final Map<String, Flag> flags = new LinkedHashMap<>();
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private Predicate<String> passThrough = k -> false;
    private String passThroughHelp;
    private String positionalName;

    private record Flag(String name, String value, String help, boolean repeatable) {}

    /** A command's flags; {@code --help} and {@code --version} are always there. */
    public Flags(String synopsis, String description) {
        this.synopsis = synopsis;
        this.description = description;
    }

    /** A flag without a value. */
    public Flags flag(String name, String help) {
        flags.put(name, new Flag(name, null, help, false));
        return this;
    }

    /** A flag with a value, e.g. {@code option("since", "D", "time range ending now (default 24h)")}. */
    public Flags option(String name, String value, String help) {
        flags.put(name, new Flag(name, value, help, false));
        return this;
    }

    /** A flag with a value that may be given more than once. */
    public Flags repeatable(String name, String value, String help) {
        flags.put(name, new Flag(name, value, help, true));
        return this;
    }

    /** {@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password-file} (or {@value #JDBC_PASSWORD_ENV}). */
    public Flags jdbc(String defaults) {
        option(JDBC_URL, "URL", "PostgreSQL/TimescaleDB JDBC URL" + defaults);
        option(JDBC_USER, "USER", "database user");
        option(JDBC_PASSWORD_FILE, "FILE", "file whose first line is the password (or set " + JDBC_PASSWORD_ENV + ")");
        renamed("user", JDBC_USER);
        renamed("password-file", JDBC_PASSWORD_FILE);
        renamed("jdbc.url", JDBC_URL);
        renamed("jdbc.user", JDBC_USER);
        renamed("jdbc.password-file", JDBC_PASSWORD_FILE);
        return this;
    }

    /** {@code --bootstrap-servers} and {@code --kafka-properties}. */
    public Flags kafka(String defaults) {
        option(BOOTSTRAP_SERVERS, "HOST:PORT", "Kafka bootstrap servers" + defaults);
        option(KAFKA_PROPERTIES, "FILE", "Kafka client security: security.protocol, sasl.*, ssl.* (default: PLAINTEXT, no auth)");
        renamed("kafka.bootstrap-servers", BOOTSTRAP_SERVERS);
        return this;
    }

    /** An earlier spelling: given, it is refused with the flag that replaced it. */
    public Flags renamed(String old, String now) {
        renamed.put(old, now);
        return this;
    }

    /** Arguments that are not flags (e.g. image files), named {@code name} in messages. */
    public Flags positionals(String name) {
        this.positionalName = name;
        return this;
    }

    /** Flags this command hands on as they are (e.g. the job's option keys), described in one help line. */
    public Flags passThrough(Predicate<String> accepts, String help) {
        this.passThrough = accepts;
        this.passThroughHelp = help;
        return this;
    }

    public String usage() {
        StringBuilder b = new StringBuilder(synopsis.strip()).append("\n\n").append(description.strip()).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        for (Flag f : flags.values()) rows.add(new String[] {"--" + f.name + (f.value == null ? "" : " " + f.value), f.help});
        rows.add(new String[] {"--help", "this text"});
        rows.add(new String[] {"--version", "the Argus version"});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) b.append("  ").append(String.format("%-" + width + "s", r[0])).append("  ").append(r[1]).append('\n');
        if (passThroughHelp != null) b.append('\n').append(passThroughHelp.strip()).append('\n');
        return b.toString();
    }

    /** @throws UsageError with a message that names the flag and what to do */
    public Parsed parse(String[] args) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> handedOn = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h")) a = "--help";
            if (!a.startsWith("--") && positionalName != null) {
                positional.add(a);
                continue;
            }
            if (!a.startsWith("--")) throw new UsageError("unexpected argument '" + a + "' (flags look like --name value)");
            String name = a.substring(2), value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("help") || name.equals("version")) {
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (name.equals("password") || name.endsWith(".password") || name.equals("jdbc-password")) {
                throw new UsageError("--" + name + ": passwords are never taken on the command line (ps shows it to every user);"
                        + " use --" + JDBC_PASSWORD_FILE + " FILE or the environment variable " + JDBC_PASSWORD_ENV);
            }
            Flag f = flags.get(name);
            if (f == null && renamed.containsKey(name)) throw new UsageError(unknown(name));
            if (f == null) {
                if (passThrough.test(name)) {
                    handedOn.add("--" + name);
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageError("--" + name + " needs a value");
                        value = args[++i];
                    }
                    handedOn.add(value);
                    continue;
                }
                throw new UsageError(unknown(name));
            }
            if (f.value == null) {
                if (value != null) throw new UsageError("--" + name + " takes no value");
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageError("--" + name + " needs a value (--" + name + " " + f.value + ")");
                }
                value = args[++i];
            }
            List<String> vs = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!vs.isEmpty() && !f.repeatable) throw new UsageError("--" + name + " given twice");
            vs.add(value);
        }
        return new Parsed(values, handedOn, positional);
    }

    private String unknown(String name) {
        String now = renamed.get(name);
        if (now != null) return "unknown flag --" + name + "; did you mean --" + now + "? (the same flag in every command)";
        List<String> known = new ArrayList<>(flags.keySet());
        known.add("help");
        known.add("version");
        String near = nearest(name, known);
        return "unknown flag --" + name + (near != null ? "; did you mean --" + near + "?" : "") + " (./argus COMMAND --help lists them)";
    }

    /** The known name closest to {@code name} by edit distance, if close enough to be a typo. */
    public static String nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** This build's version (from the jar). */
    public static String version() {
        try (InputStream in = Flags.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A command-line mistake: the message says which flag and what to do. */
    public static final class UsageError extends IllegalArgumentException {
        public UsageError(String message) {
            super(message);
        }
    }

    /** The flags given. */
    public static final class Parsed {
        private final Map<String, List<String>> values;
        private final List<String> handedOn;
        private final List<String> positional;

        Parsed(Map<String, List<String>> values, List<String> handedOn, List<String> positional) {
            this.values = values;
            this.handedOn = List.copyOf(handedOn);
            this.positional = List.copyOf(positional);
        }

        /** The arguments that are not flags, in order. */
        public List<String> positional() {
            return positional;
        }

        public boolean has(String name) {
            return values.containsKey(name);
        }

        public String get(String name, String dflt) {
            List<String> v = values.get(name);
            return v == null ? dflt : v.get(v.size() - 1);
        }

        public String required(String name) {
            String v = get(name, null);
            if (v == null) throw new UsageError("--" + name + " is required");
            return v;
        }

        /** The Kafka security settings of --kafka-properties (none without it). */
        public KafkaSecurity kafkaSecurity() {
            try {
                return KafkaSecurity.load(get(KAFKA_PROPERTIES, null), "--" + KAFKA_PROPERTIES);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }

        /** A number flag's value, or null when it is not given; a value that is no number is a usage error naming the flag. */
        public Float decimal(String name) {
            String v = get(name, null);
            if (v == null) return null;
            try {
                return Float.parseFloat(v);
            } catch (NumberFormatException e) {
                throw new UsageError("--" + name + " must be a number, got '" + v + "'");
            }
        }

        public List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        /** The pass-through flags with their values, in order. */
        public List<String> handedOn() {
            return handedOn;
        }

        /** The database password: the first line of --jdbc-password-file, else $ARGUS_JDBC_PASSWORD, else empty. */
        public String jdbcPassword() {
            return secret(JDBC_PASSWORD_FILE, JDBC_PASSWORD_ENV);
        }

        /** A secret from the file a flag names (first line), else from an environment variable, else empty. */
        public String secret(String fileFlag, String env) {
            String file = get(fileFlag, null);
            if (file != null) {
                Path p = Path.of(file);
                if (!Files.isReadable(p)) throw new UsageError("--" + fileFlag + ": cannot read " + p.toAbsolutePath());
                try {
                    return Files.readAllLines(p).stream().findFirst().orElse("").strip();
                } catch (IOException e) {
                    throw new UsageError("--" + fileFlag + ": " + e.getMessage());
                }
            }
            String v = System.getenv(env);
            return v == null ? "" : v;
        }
    }

    /**
     * Runs a command's body with the convention's endings: --help prints the usage, --version the
     * version, a usage error one line and the usage hint with exit code 2.
     */
    public static void main(Flags spec, String[] args, Command body) {
        Parsed p;
        try {
            p = spec.parse(args);
        } catch (UsageError e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (p.has("help")) {
            System.out.print(spec.usage());
            return;
        }
        if (p.has("version")) {
            System.out.println("argus " + version());
            return;
        }
        try {
            int rc = body.run(p);
            if (rc != 0) System.exit(rc);
        } catch (UsageError | IllegalStateException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(e instanceof UsageError ? 2 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(2);
        } catch (java.sql.SQLException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("argus: error: " + e);
            System.exit(1);
        }
    }

    /** A command's work once its flags are parsed; returns the exit code. */
    @FunctionalInterface
    public interface Command {
        int run(Parsed flags) throws Exception;
    }
}
