package io.argus.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.cli.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The protocol half of {@code ./argus cluster} and {@code ./argus submit} (bin/cluster.sh keeps the
 * process control): {@code submit}, {@code stop}, {@code cancel}, {@code jobs}, {@code wait-taskmanagers},
 * through Flink's REST API ({@link FlinkRest}).
 * args: {@code --rest URL COMMAND ...}; submit's job arguments follow a {@code --}.
 */
public final class ClusterMain {
    private ClusterMain() {}

    public static void main(String[] args) {
        int sep = Arrays.asList(args).indexOf("--");
        List<String> own = Arrays.asList(sep < 0 ? args : Arrays.copyOfRange(args, 0, sep));
        List<String> jobArgs = sep < 0 ? List.of() : Arrays.asList(args).subList(sep + 1, args.length);
        Flags spec = new Flags("usage: ClusterMain --rest URL submit|stop|cancel|jobs|wait-taskmanagers [flags] [-- job arguments]",
                "Flink REST calls for bin/cluster.sh.")
                .option("rest", "URL", "the JobManager's REST address")
                .option("jar", "FILE", "submit: the job jar")
                .option("from-savepoint", "PATH", "submit: resume from this savepoint or retained checkpoint")
                .flag("allow-non-restored-state", "submit: skip state of operators the job no longer has")
                .option("job", "ID", "stop, cancel: the job")
                .flag("savepoint", "stop: take a savepoint first")
                .flag("drain", "stop: end event time first, then take a savepoint")
                .option("count", "N", "wait-taskmanagers: how many")
                .positionals("COMMAND");
        Flags.main(spec, own.toArray(String[]::new), p -> run(p, jobArgs));
    }

    private static int run(Flags.Parsed p, List<String> jobArgs) throws Exception {
        if (p.positional().size() != 1) throw new Flags.UsageError("give one command: submit, stop, cancel, jobs or wait-taskmanagers");
        FlinkRest rest = new FlinkRest(p.required("rest"));
        switch (p.positional().get(0)) {
            case "submit" -> {
                Path jar = Path.of(p.required("jar"));
                if (!Files.isRegularFile(jar)) throw new Flags.UsageError("--jar: no job jar at " + jar + " (./argus build)");
                String savepoint = p.get("from-savepoint", null);
                if (savepoint != null && !savepoint.matches("^[a-z][a-z0-9+.-]*:.*")) savepoint = Path.of(savepoint).toAbsolutePath().toUri().toString();
                System.out.println("==> uploading " + jar.getFileName());
                String id = rest.upload(jar);
                if (savepoint != null) System.out.println("==> resuming from " + savepoint);
                System.out.println("==> running it");
                String job = rest.run(id, jobArgs, savepoint, p.has("allow-non-restored-state"));
                System.out.println(" ok submitted: job " + job + " (" + p.required("rest") + ")");
            }
            case "stop" -> {
                String job = job(p);
                if (!p.has("savepoint") && !p.has("drain")) {
                    rest.cancel(job);
                    System.out.println(" ok cancelled " + job);
                    return 0;
                }
                System.out.println("==> stopping " + job + " with a savepoint" + (p.has("drain") ? " (draining first)" : ""));
                String location = rest.stopWithSavepoint(job, p.has("drain"), Duration.ofMinutes(5));
                System.out.println(" ok stopped " + job);
                System.out.println("savepoint: " + location);
            }
            case "cancel" -> {
                String job = job(p);
                rest.cancel(job);
                System.out.println(" ok cancelled " + job);
            }
            case "jobs" -> {
                for (JsonNode j : rest.get("/jobs/overview").path("jobs")) {
                    System.out.printf("  %s  %-9s %s%n", j.path("jid").asText(), j.path("state").asText(), j.path("name").asText());
                }
            }
            case "wait-taskmanagers" -> {
                int want = Integer.parseInt(p.required("count"));
                int seen = 0;
                for (int i = 0; i < 120 && (seen = rest.taskManagers()) != want; i++) Thread.sleep(500);
                if (seen != want) {
                    System.err.println("argus: warning: only " + seen + " of " + want + " TaskManagers registered");
                    return 1;
                }
            }
            default -> throw new Flags.UsageError("unknown command '" + p.positional().get(0) + "': submit, stop, cancel, jobs or wait-taskmanagers");
        }
        return 0;
    }

    private static String job(Flags.Parsed p) {
        String job = p.required("job");
        if (!job.matches("[0-9a-f]{32}")) throw new Flags.UsageError("--job: a job id is 32 hex digits (./argus cluster status lists them)");
        return job;
    }
}
