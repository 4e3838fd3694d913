package io.argus.bench;

import io.argus.cli.Flags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./argus bench NAME [flags]}: every benchmark's flags, its {@code --smoke} preset and where its
 * figures and chart go, in one table (bin/help/bench.txt says the same for people). The benchmarks on a
 * database read its endpoints from the environment the script sets from the private 'bench' stack
 * ({@code ARGUS_JDBC_URL}, {@code ARGUS_JDBC_USER}, {@code ARGUS_JDBC_PASSWORD}, {@code ARGUS_KAFKA_BOOTSTRAP}),
 * so no password is on a command line.
 */
public final class BenchMain {
    private BenchMain() {}

    /** A benchmark's main, its flags, what --smoke runs instead, and its outputs (files under --docs). */
    record Bench(Main main, boolean database, List<String> flags, List<String> smoke, String chart) {}

    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    static final Map<String, Bench> BENCHES = new LinkedHashMap<>();

    static {
        BENCHES.put("inference", new Bench(InferenceBench::main, false, List.of("frames", "rounds"), List.of("--smoke"), null));
        BENCHES.put("gpu", new Bench(args -> InferenceBench.main(concat(List.of("--provider", "cuda", "--batches", "1,4,8,16,32"), args)),
                false, List.of("frames", "rounds"), List.of("--smoke"), null));
        BENCHES.put("sink", new Bench(SinkBench::main, true, List.of("rows"), List.of("--rows", "2000"), null));
        BENCHES.put("events", new Bench(EventPathBench::main, true, List.of("detections", "cameras", "parallelism"),
                List.of("--detections", "4000", "--cameras", "4"), null));
        BENCHES.put("soak", new Bench(SoakBench::main, true, List.of("hours", "cameras"), List.of("--hours", "1", "--cameras", "2"), "soak.png"));
        BENCHES.put("storage", new Bench(StorageBench::main, true, List.of("cameras", "seconds-between"),
                List.of("--cameras", "1", "--seconds-between", "600"), null));
        BENCHES.put("scaling", new Bench(ScalingBench::main, true, List.of("cameras", "total-fps", "loads", "seconds"),
                List.of("--cameras", "1,2", "--total-fps", "4", "--loads", "1,1.5", "--seconds", "3"), "scaling.png"));
    }

    public static void main(String[] args) {
        if (args.length == 0 || !BENCHES.containsKey(args[0])) {
            String near = args.length == 0 ? null : Flags.nearest(args[0], BENCHES.keySet());
            System.err.println("argus: error: " + (args.length == 0 ? "give a benchmark" : "unknown benchmark '" + args[0] + "'")
                    + (near != null ? "; did you mean " + near + "?" : "") + " (" + String.join(", ", BENCHES.keySet()) + ")");
            System.exit(2);
        }
        String name = args[0];
        Bench b = BENCHES.get(name);
        Flags spec = new Flags("usage: ./argus bench " + name + " [flags]", "See ./argus bench --help.")
                .option("docs", "DIR", "where benchmarks.md and the charts are (set by ./argus)")
                .flag("smoke", "a few seconds, nothing appended (CI runs this)");
        for (String f : b.flags()) spec.option(f, "VALUE", "see ./argus bench --help");
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Flags.main(spec, rest, p -> {
            List<String> out = new ArrayList<>();
            if (b.database()) {
                for (String v : new String[] {"ARGUS_JDBC_URL", "ARGUS_JDBC_USER"}) {
                    if (System.getenv(v) == null) throw new Flags.UsageError(v + " is not set: run it through ./argus bench " + name);
                    out.add(System.getenv(v));
                }
                out.add(System.getenv().getOrDefault(Flags.JDBC_PASSWORD_ENV, ""));
            }
            if (p.has("smoke")) {
                out.addAll(b.smoke());
            } else {
                for (String f : b.flags()) if (p.has(f)) out.addAll(List.of("--" + f, p.get(f, null)));
                String docs = p.required("docs");
                out.addAll(List.of("--append", docs + "/benchmarks.md"));
                if (b.chart() != null) out.addAll(List.of("--chart", docs + "/" + b.chart()));
            }
            // The sink benchmark takes its row count as a plain argument after the database's.
            if (name.equals("sink")) out = sinkArgs(out, p);
            b.main().run(out.toArray(String[]::new));
            return 0;
        });
    }

    /** SinkBench's arguments: URL USER PASSWORD ROWS [--append FILE]. */
    private static List<String> sinkArgs(List<String> out, Flags.Parsed p) {
        List<String> s = new ArrayList<>(out.subList(0, 3));
        s.add(p.has("smoke") ? "2000" : p.get("rows", "100000"));
        int a = out.indexOf("--append");
        if (a >= 0) s.addAll(out.subList(a, a + 2));
        return s;
    }

    private static String[] concat(List<String> first, String[] then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(then));
        return all.toArray(String[]::new);
    }
}
