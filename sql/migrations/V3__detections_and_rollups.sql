-- Argus schema, version 3: one row per detected object, hourly and daily rollups, pipeline health.

-- One row per object per frame. track_id is null for objects of unconfirmed tracks (noise that never
-- became a track). id is a name-based UUID of (camera, frame, model, index in the frame).
CREATE TABLE IF NOT EXISTS detections (
    id         uuid NOT NULL,
    camera_id  text NOT NULL,
    model_id   text NOT NULL,
    ts         timestamptz NOT NULL,
    frame_id   bigint NOT NULL,
    track_id   bigint,
    label      text NOT NULL,
    confidence real NOT NULL,
    x          real NOT NULL,                     -- box, normalised 0..1: top-left corner and size
    y          real NOT NULL,
    w          real NOT NULL,
    h          real NOT NULL,
    PRIMARY KEY (id, ts)
);
CREATE INDEX IF NOT EXISTS detections_camera_ts ON detections (camera_id, ts DESC);
CREATE INDEX IF NOT EXISTS detections_label_ts ON detections (label, ts DESC);
CREATE INDEX IF NOT EXISTS detections_track ON detections (camera_id, track_id) WHERE track_id IS NOT NULL;

-- Per camera, model and label, per hour and per day (UTC unless argus.rollups.time-zone says otherwise).
-- Computed by the job in event time; a late frame within the allowed lateness rewrites its bucket.
CREATE TABLE IF NOT EXISTS rollups_hourly (
    camera_id        text NOT NULL,
    model_id         text NOT NULL,
    label            text NOT NULL,
    bucket           timestamptz NOT NULL,
    detections       bigint NOT NULL DEFAULT 0,
    frames           bigint NOT NULL DEFAULT 0,          -- frames in which the label was seen
    max_concurrent   integer NOT NULL DEFAULT 0,         -- most objects of the label in one frame
    mean_confidence  real,
    episodes_started integer NOT NULL DEFAULT 0,
    time_in_view_s   double precision NOT NULL DEFAULT 0, -- summed over episodes, the part inside the bucket
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (camera_id, model_id, label, bucket)
);
CREATE TABLE IF NOT EXISTS rollups_daily (LIKE rollups_hourly INCLUDING ALL);

-- Per camera and hour: how the pipeline did.
CREATE TABLE IF NOT EXISTS pipeline_health_hourly (
    camera_id            text NOT NULL,
    bucket               timestamptz NOT NULL,
    frames_processed     bigint NOT NULL DEFAULT 0,
    frames_skipped       bigint NOT NULL DEFAULT 0,      -- inference timeouts and failures, decode failures
    inference_p50_ms     real,
    inference_p95_ms     real,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (camera_id, bucket)
);

-- TimescaleDB: hypertables, compression of raw rows after ${compress_after_days} days (segmented by
-- camera), retention of raw rows for ${raw_retention_days} days; rollups are kept.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('detections', 'ts', if_not_exists => TRUE, migrate_data => TRUE);
        ALTER TABLE ai_events SET (timescaledb.compress, timescaledb.compress_segmentby = 'camera_id');
        ALTER TABLE detections SET (timescaledb.compress, timescaledb.compress_segmentby = 'camera_id');
        ALTER TABLE actions SET (timescaledb.compress, timescaledb.compress_segmentby = 'camera_id');
        PERFORM add_compression_policy('ai_events', INTERVAL '${compress_after_days} days', if_not_exists => TRUE);
        PERFORM add_compression_policy('detections', INTERVAL '${compress_after_days} days', if_not_exists => TRUE);
        PERFORM add_compression_policy('actions', INTERVAL '${compress_after_days} days', if_not_exists => TRUE);
        PERFORM add_retention_policy('ai_events', INTERVAL '${raw_retention_days} days', if_not_exists => TRUE);
        PERFORM add_retention_policy('detections', INTERVAL '${raw_retention_days} days', if_not_exists => TRUE);
    END IF;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_analyst') THEN
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO argus_analyst;
    END IF;
END $$;
