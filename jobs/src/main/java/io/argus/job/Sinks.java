package io.argus.job;

import io.argus.udf.models.ModelComparisonRow;
import io.argus.udf.models.ModelRow;
import io.argus.frame.DeadLetter;
import io.argus.frame.InferenceResult;
import io.argus.media.ClipRow;
import io.argus.media.SnapshotRow;
import io.argus.sinks.JdbcSettings;
import io.argus.sinks.JdbcSinks;
import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import io.argus.udf.health.HealthRow;
import io.argus.udf.rollups.RollupRow;
import io.argus.udf.scene.DetectionRow;
import io.argus.udf.scene.SceneEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Where the pipeline's outputs go. Made in one of three ways, so no call site lists eleven sinks in
 * order (two of them of the same type): {@link #production} (the database and Kafka), {@link #discarding}
 * (nothing kept), {@link #eventRows} (the event path's database rows only, for benchmarks).
 */
public final class Sinks {
    private final Sink<InferenceResult> aiEvents;
    private final Sink<DetectionRow> detections;
    private final Sink<Episode> episodes;
    private final Sink<Action> actions;
    private final Sink<RollupRow> hourly;
    private final Sink<RollupRow> daily;
    private final Sink<HealthRow> health;
    private final Sink<SceneEvent> events;
    private final Sink<DeadLetter> deadLetters;
    private final Sink<SnapshotRow> snapshots;
    private final Sink<ClipRow> clips;
    private final Sink<ModelRow> models;
    private final Sink<ModelComparisonRow> modelComparisons;

    private Sinks(JdbcSettings db, ArgusJobConfig kafka) {
        aiEvents = db == null ? new DiscardingSink<>() : JdbcSinks.aiEvents(db);
        detections = db == null ? new DiscardingSink<>() : JdbcSinks.detections(db);
        episodes = db == null ? new DiscardingSink<>() : JdbcSinks.episodes(db);
        actions = db == null ? new DiscardingSink<>() : JdbcSinks.actions(db);
        hourly = db == null ? new DiscardingSink<>() : JdbcSinks.rollups(db, "rollups_hourly");
        daily = db == null ? new DiscardingSink<>() : JdbcSinks.rollups(db, "rollups_daily");
        boolean all = kafka != null;
        health = all ? JdbcSinks.health(db) : new DiscardingSink<>();
        snapshots = all ? JdbcSinks.snapshots(db) : new DiscardingSink<>();
        clips = all ? JdbcSinks.clips(db) : new DiscardingSink<>();
        models = all ? JdbcSinks.models(db) : new DiscardingSink<>();
        modelComparisons = all ? JdbcSinks.modelComparisons(db) : new DiscardingSink<>();
        events = all ? KafkaEndpoints.eventsSink(kafka) : new DiscardingSink<>();
        deadLetters = all ? KafkaEndpoints.deadLetterSink(kafka) : new DiscardingSink<>();
    }

    /** Every row into the job's database, events and dead letters into their Kafka topics. */
    public static Sinks production(ArgusJobConfig cfg) {
        return new Sinks(cfg.jdbc(), cfg);
    }

    /** Everything dropped (measuring the dataflow without a database). */
    public static Sinks discarding() {
        return new Sinks(null, null);
    }

    /** The event path's rows (ai_events, detections, episodes, actions, rollups) into the database; the rest dropped. */
    public static Sinks eventRows(JdbcSettings db) {
        return new Sinks(db, null);
    }

    public Sink<InferenceResult> aiEvents() {
        return aiEvents;
    }

    public Sink<DetectionRow> detections() {
        return detections;
    }

    public Sink<Episode> episodes() {
        return episodes;
    }

    public Sink<Action> actions() {
        return actions;
    }

    public Sink<RollupRow> hourly() {
        return hourly;
    }

    public Sink<RollupRow> daily() {
        return daily;
    }

    public Sink<HealthRow> health() {
        return health;
    }

    public Sink<SceneEvent> events() {
        return events;
    }

    public Sink<DeadLetter> deadLetters() {
        return deadLetters;
    }

    public Sink<SnapshotRow> snapshots() {
        return snapshots;
    }

    public Sink<ClipRow> clips() {
        return clips;
    }

    public Sink<ModelRow> models() {
        return models;
    }

    public Sink<ModelComparisonRow> modelComparisons() {
        return modelComparisons;
    }
}
