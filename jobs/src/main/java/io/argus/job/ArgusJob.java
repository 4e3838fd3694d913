package io.argus.job;

import io.argus.cli.Flags;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.sinks.JdbcSinks;
import io.argus.storage.ModelRegistry;
import io.argus.storage.SchemaMigrator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the Argus Flink job: reads Kafka frames, detects objects, writes AI events.
 * Run it with {@code ./argus run}, or submit the shaded jar to any Flink 2.x cluster.
 */
public final class ArgusJob {
    private static final Logger LOG = LoggerFactory.getLogger(ArgusJob.class);

    private ArgusJob() {}

    /** The flags of {@code ./argus run} (and of the job jar's main on a cluster). */
    public static final Flags FLAGS = JobFlags.runFlags("""
            usage: ./argus run [flags] [job options]
                   flink run argus-jobs-<version>-job.jar [flags] [job options]""", """
            Runs the Argus job: frames from Kafka, object detection, tracking, episodes, actions and rollups
            into the database. ./argus run uses a Flink local cluster and the local dev stack's endpoints.""");

    /** The flags, then every job option with its default. */
    public static String usage() {
        return FLAGS.usage() + "\n" + ArgusOptions.help();
    }

    public static void main(String[] args) throws Exception {
        ArgusJobConfig cfg;
        try {
            Flags.Parsed p = FLAGS.parse(args);
            if (p.has("help")) {
                System.out.print(usage());
                return;
            }
            if (p.has("version")) {
                System.out.println("argus " + Flags.version());
                return;
            }
            Configuration c = ArgusOptions.parse(JobFlags.optionArgs(p));
            cfg = ArgusJobConfig.from(c);
            for (var m : cfg.models()) m.requireModelFile();
        } catch (IllegalArgumentException e) {
            exitOrThrow(e);
            return;
        }
        try {
            run(StreamExecutionEnvironment.getExecutionEnvironment(), cfg);
        } catch (IllegalArgumentException e) {
            exitOrThrow(e); // a missing topic, an unreachable broker: one line, not a stack trace
        }
    }

    /** Configuration mistakes end a command-line run with one clear line instead of a stack trace. */
    private static void exitOrThrow(RuntimeException e) {
        if (Boolean.getBoolean("argus.cli")) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(2);
        }
        throw e;
    }

    public static JobExecutionResult run(StreamExecutionEnvironment env, ArgusJobConfig cfg) throws Exception {
        List<OnnxDetector> detectors = define(env, cfg);
        try {
            return env.execute("argus");
        } finally {
            detectors.forEach(SharedDetectors::release);
        }
    }

    /**
     * Migrates, loads the models and defines the job on {@code env} with its Kafka source and production
     * sinks, without running it (for callers that run it asynchronously, like the scaling benchmark).
     * @return the models' sessions, held so that local task threads share them: release each
     *         ({@link SharedDetectors#release}) once the job has ended
     */
    public static List<OnnxDetector> define(StreamExecutionEnvironment env, ArgusJobConfig cfg) throws Exception {
        if (cfg.migrateOnStart()) {
            SchemaMigrator.migrate(cfg.jdbc().url(), cfg.jdbc().user(), cfg.jdbc().password(), cfg.storage(), null);
        }
        // Load the models here first: a model that does not load fails the job before it is submitted,
        // and in a local run the task threads then share these very sessions.
        List<OnnxDetector> detectors = new ArrayList<>();
        try {
            for (InferenceOptions m : cfg.models()) {
                OnnxDetector d = SharedDetectors.acquire(m);
                detectors.add(d);
                ModelRegistry.register(cfg.jdbc(), d);
            }
            KafkaEndpoints.requireTopics(cfg);
            configure(env, cfg);
            if (cfg.media().enabled()) requireMediaFits(env, cfg);
            ArgusPipeline.build(env, cfg, KafkaEndpoints.framesSource(cfg),
                    cfg.controlTopic().isEmpty() ? null : KafkaEndpoints.controlSource(cfg), Sinks.production(cfg));
        } catch (Exception e) {
            detectors.forEach(SharedDetectors::release);
            throw e;
        }
        if (cfg.media().enabled()) LOG.info("snapshots and clips of episodes go to {}", cfg.media().dir());
        LOG.info("submitting Argus: frames from {} on {}, models {}, rows to {}", cfg.framesTopic(), cfg.bootstrapServers(),
                detectors.stream().map(OnnxDetector::modelId).toList(), cfg.jdbc().url());
        return detectors;
    }

    /**
     * Fails before submitting when the media subtasks that share a process could together take more
     * than half its heap. A local run is this JVM; on a cluster, a TaskManager as the configuration
     * describes it (skipped, with a line in the log, where it does not say).
     */
    static void requireMediaFits(StreamExecutionEnvironment env, ArgusJobConfig cfg) {
        if (env instanceof LocalStreamEnvironment) {
            cfg.media().requireFits(env.getParallelism(), Runtime.getRuntime().maxMemory(), "the local run's parallelism", "this JVM's -Xmx");
            return;
        }
        Configuration c = env.getConfiguration() instanceof Configuration conf ? conf : new Configuration();
        int slots = c.get(TaskManagerOptions.NUM_TASK_SLOTS);
        long heap;
        try {
            heap = TaskExecutorProcessUtils.processSpecFromConfig(c).getTaskHeapSize().getBytes();
        } catch (RuntimeException e) {
            LOG.info("the TaskManager memory is not in this client's configuration: media buffer budgets not checked against it");
            return;
        }
        cfg.media().requireFits(Math.min(slots, Math.max(1, env.getParallelism())), heap, TaskManagerOptions.NUM_TASK_SLOTS.key(),
                "from taskmanager.memory.*");
    }

    static void configure(StreamExecutionEnvironment env, ArgusJobConfig cfg) {
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (cfg.parallelism() > 0) env.setParallelism(cfg.parallelism());
    }
}
