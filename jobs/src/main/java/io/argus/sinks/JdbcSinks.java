package io.argus.sinks;

import io.argus.frame.InferenceResult;
import io.argus.media.ClipRow;
import io.argus.media.SnapshotRow;
import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import io.argus.udf.health.HealthRow;
import io.argus.udf.rollups.RollupRow;
import io.argus.udf.scene.DetectionRow;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's database sinks: COPY into a staging table and one merge per batch for the two big tables
 * (detections, ai_events: {@link CopyUpsertSink}), batched upserts through flink-connector-jdbc for the
 * others. At-least-once delivery
 * plus deterministic keys gives exactly-once rows. A failing batch is retried with backoff; after
 * {@code argus.jdbc.max-retries} the job fails and restarts from its last checkpoint, so rows are
 * delayed, never dropped.
 */
public final class JdbcSinks {
    private JdbcSinks() {}

    /** A batched at-least-once upsert sink; see {@link CloseSafeSink} for why its writer never throws from
     * close, {@link MeteredJdbcSink} for its row and retry counters. */
    private static <T> Sink<T> upsert(JdbcSettings s, String sql, JdbcStatementBuilder<T> bind) {
        MeteredJdbcSink.Provider provider = MeteredJdbcSink.provider(connection(s));
        return new CloseSafeSink<>(MeteredJdbcSink.wrap(JdbcSink.<T>builder()
                .withQueryStatement(sql, bind)
                .withExecutionOptions(execution(s))
                .buildAtLeastOnce(provider), provider), "jdbc sink");
    }

    static JdbcConnectionOptions connection(JdbcSettings s) {
        return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(s.url())
                .withDriverName("org.postgresql.Driver")
                .withUsername(s.user())
                .withPassword(s.password())
                .withConnectionCheckTimeoutSeconds(30)
                // Not reWriteBatchedInserts: a batch may hold the same key twice (an episode's open and
                // closed rows), and one multi-row upsert cannot touch a row twice.
                .build();
    }

    static JdbcExecutionOptions execution(JdbcSettings s) {
        return JdbcExecutionOptions.builder()
                .withBatchSize(s.batchSize())
                .withBatchIntervalMs(s.batchIntervalMs())
                .withMaxRetries(s.maxRetries())
                .build();
    }

    public static Sink<Episode> episodes(JdbcSettings s) {
        return upsert(s, SceneRows.EPISODE_UPSERT, SceneRows::bindEpisode);
    }

    public static Sink<Action> actions(JdbcSettings s) {
        return upsert(s, SceneRows.ACTION_UPSERT, SceneRows::bindAction);
    }

    /** Detections in bulk: COPY and one merge per batch ({@link CopyUpsertSink}). */
    public static Sink<DetectionRow> detections(JdbcSettings s) {
        return new CloseSafeSink<>(new CopyUpsertSink<>(s, DetectionRows.TABLE, DetectionRows::encode), "detections sink");
    }

    /** Detections as batched prepared upserts (the way before the bulk sink; kept for comparison). */
    public static Sink<DetectionRow> detectionsByStatement(JdbcSettings s) {
        return upsert(s, DetectionRows.UPSERT, DetectionRows::bind);
    }

    /** Hourly or daily rollups, by table name. */
    public static Sink<RollupRow> rollups(JdbcSettings s, String table) {
        return upsert(s, RollupRows.upsert(table), RollupRows::bind);
    }

    /** Status changes of models, from the model control. */
    public static Sink<io.argus.udf.models.ModelRow> models(JdbcSettings s) {
        return upsert(s, ModelRows.MODEL_UPSERT, ModelRows::bindModel);
    }

    /** Shadow models compared with the active ones, per frame and label. */
    public static Sink<io.argus.udf.models.ModelComparisonRow> modelComparisons(JdbcSettings s) {
        return upsert(s, ModelRows.COMPARISON_UPSERT, ModelRows::bindComparison);
    }

    public static Sink<HealthRow> health(JdbcSettings s) {
        return upsert(s, HealthRows.UPSERT, HealthRows::bind);
    }

    public static Sink<SnapshotRow> snapshots(JdbcSettings s) {
        return upsert(s, SnapshotRows.UPSERT, SnapshotRows::bind);
    }

    public static Sink<ClipRow> clips(JdbcSettings s) {
        return upsert(s, ClipRows.UPSERT, ClipRows::bind);
    }

    /** One row per frame and model, in bulk: COPY and one merge per batch ({@link CopyUpsertSink}). */
    public static Sink<InferenceResult> aiEvents(JdbcSettings s) {
        return new CloseSafeSink<>(new CopyUpsertSink<>(s, AiEventRows.TABLE, AiEventRows::encode), "ai_events sink");
    }

    /** ai_events as batched prepared upserts (the way before the bulk sink; kept for comparison). */
    public static Sink<InferenceResult> aiEventsByStatement(JdbcSettings s) {
        return upsert(s, AiEventRows.UPSERT, AiEventRows::bind);
    }
}
