package io.argus.job;

import io.argus.frame.InferenceResult;
import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's database sinks: batched upserts through flink-connector-jdbc. At-least-once delivery
 * plus deterministic keys gives exactly-once rows. A failing batch is retried with backoff; after
 * {@code argus.jdbc.max-retries} the job fails and restarts from its last checkpoint, so rows are
 * delayed, never dropped.
 */
public final class JdbcSinks {
    private JdbcSinks() {}

    /** See {@link CloseSafeSink}: a database outage must fail tasks, not TaskManagers. */
    private static <T> Sink<T> safe(JdbcSink<T> sink) {
        return new CloseSafeSink<>(sink, "jdbc sink");
    }

    static JdbcConnectionOptions connection(ArgusJobConfig.JdbcSettings s) {
        return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(s.url())
                .withDriverName("org.postgresql.Driver")
                .withUsername(s.user())
                .withPassword(s.password())
                .withConnectionCheckTimeoutSeconds(30)
                // The driver then sends a batch as multi-row statements instead of one round trip per row.
                .withProperty("reWriteBatchedInserts", "true")
                .build();
    }

    static JdbcExecutionOptions execution(ArgusJobConfig.JdbcSettings s) {
        return JdbcExecutionOptions.builder()
                .withBatchSize(s.batchSize())
                .withBatchIntervalMs(s.batchIntervalMs())
                .withMaxRetries(s.maxRetries())
                .build();
    }

    public static Sink<Episode> episodes(ArgusJobConfig.JdbcSettings s) {
        return safe(JdbcSink.<Episode>builder()
                .withQueryStatement(SceneRows.EPISODE_UPSERT, SceneRows::bindEpisode)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(connection(s)));
    }

    public static Sink<Action> actions(ArgusJobConfig.JdbcSettings s) {
        return safe(JdbcSink.<Action>builder()
                .withQueryStatement(SceneRows.ACTION_UPSERT, SceneRows::bindAction)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(connection(s)));
    }

    public static Sink<DetectionRow> detections(ArgusJobConfig.JdbcSettings s) {
        return safe(JdbcSink.<DetectionRow>builder()
                .withQueryStatement(DetectionRow.UPSERT, DetectionRow::bind)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(connection(s)));
    }

    /** Hourly or daily rollups, by table name. */
    public static Sink<RollupRow> rollups(ArgusJobConfig.JdbcSettings s, String table) {
        return safe(JdbcSink.<RollupRow>builder()
                .withQueryStatement(RollupRow.upsert(table), RollupRow::bind)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(connection(s)));
    }

    public static Sink<HealthRow> health(ArgusJobConfig.JdbcSettings s) {
        return safe(JdbcSink.<HealthRow>builder()
                .withQueryStatement(HealthRow.UPSERT, HealthRow::bind)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(connection(s)));
    }

    public static Sink<InferenceResult> aiEvents(ArgusJobConfig.JdbcSettings s) {
        return safe(JdbcSink.<InferenceResult>builder()
                .withQueryStatement(AiEventRows.UPSERT, AiEventRows::bind)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(connection(s)));
    }
}
