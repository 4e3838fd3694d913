package io.argus.job;

import io.argus.cli.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;

/**
 * The command-line flags of the job's commands (run, migrate, maintain) on the one convention
 * ({@link Flags}): the shared flags (--bootstrap-servers, --jdbc-*, --cameras, --model, --confidence)
 * and every job option as {@code --<key>} (the {@code argus.} prefix may be left out), turned into the
 * option list {@link ArgusOptions#parse} reads. The option keys that have a shared flag are refused on
 * the command line with that flag (they stay valid in a --config file).
 */
final class JobFlags {
    private static final Set<String> KEYS = ArgusOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());

    private JobFlags() {}

    static boolean isOptionKey(String k) {
        return KEYS.contains(k) || KEYS.contains("argus." + k);
    }

    /** The shared flags of commands that run the job; {@code options} says which option keys pass through. */
    static Flags runFlags(String synopsis, String description) {
        return new Flags(synopsis, description)
                .kafka(" (argus.kafka.bootstrap-servers)")
                .jdbc(" (argus.jdbc.url)")
                .option("cameras", "FILE", "cameras file: cameras, zones, lines, models (argus.cameras.config)")
                .option("model", "FILE", "ONNX detector file (argus.model.path)")
                .option("confidence", "C", "detections below this confidence are dropped (argus.inference.confidence-threshold)")
                .option("config", "FILE", "job options as 'key: value' lines")
                .renamed("argus.kafka.bootstrap-servers", Flags.BOOTSTRAP_SERVERS)
                .renamed("argus.kafka.properties-file", Flags.KAFKA_PROPERTIES).renamed("kafka.properties-file", Flags.KAFKA_PROPERTIES)
                .renamed("argus.jdbc.url", Flags.JDBC_URL)
                .renamed("argus.jdbc.user", Flags.JDBC_USER)
                .renamed("argus.jdbc.password-file", Flags.JDBC_PASSWORD_FILE)
                .renamed("cameras.config", "cameras").renamed("argus.cameras.config", "cameras")
                .renamed("model.path", "model").renamed("argus.model.path", "model")
                .renamed("inference.confidence-threshold", "confidence").renamed("argus.inference.confidence-threshold", "confidence")
                .passThrough(JobFlags::isOptionKey, "Job options: every option of docs/configuration.md as --<key> VALUE (the argus. prefix"
                        + " may be left out), e.g. --kafka.bounded true --inference.batch-size 8.");
    }

    /** The database flags and the storage options, for migrate and maintain. */
    static Flags databaseFlags(String synopsis, String description) {
        return new Flags(synopsis, description)
                .jdbc(" (default for ./argus: the local dev stack)")
                .passThrough(k -> isOptionKey(k) && (k.replaceFirst("^argus\\.", "").startsWith("storage.")
                        || k.replaceFirst("^argus\\.", "").startsWith("rollups.")),
                        "Storage options of the job as --<key> VALUE, e.g. --storage.raw-retention 30d --rollups.time-zone Europe/Paris"
                                + " --rollups.week-start SUNDAY (see docs/configuration.md).");
    }

    /** The option list for {@link ArgusOptions#parse}: the pass-through options, then the shared flags as their keys. */
    static String[] optionArgs(Flags.Parsed p) {
        List<String> out = new ArrayList<>(p.handedOn());
        if (p.has("config")) out.addAll(List.of("--config", p.get("config", null)));
        add(out, p, Flags.BOOTSTRAP_SERVERS, "argus.kafka.bootstrap-servers");
        add(out, p, Flags.KAFKA_PROPERTIES, "argus.kafka.properties-file");
        add(out, p, Flags.JDBC_URL, "argus.jdbc.url");
        add(out, p, Flags.JDBC_USER, "argus.jdbc.user");
        add(out, p, Flags.JDBC_PASSWORD_FILE, "argus.jdbc.password-file");
        // The environment's password, when no file is named: an argument in this JVM only, never a process's command line.
        String env = System.getenv(Flags.JDBC_PASSWORD_ENV);
        if (!p.has(Flags.JDBC_PASSWORD_FILE) && env != null) out.addAll(List.of("--argus.jdbc.password", env));
        add(out, p, "cameras", "argus.cameras.config");
        add(out, p, "model", "argus.model.path");
        add(out, p, "confidence", "argus.inference.confidence-threshold");
        return out.toArray(String[]::new);
    }

    private static void add(List<String> out, Flags.Parsed p, String flag, String key) {
        if (p.has(flag)) out.addAll(List.of("--" + key, p.get(flag, null)));
    }
}
