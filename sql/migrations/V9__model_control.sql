-- Argus schema, version 9: models added, shadowed, promoted and retired while the job runs (the
-- control topic, docs/models.md).
-- models: every status a model goes through; when it last became active and when it was retired;
-- why it failed to load.
ALTER TABLE models DROP CONSTRAINT IF EXISTS models_status_check;
ALTER TABLE models ADD CONSTRAINT models_status_check
    CHECK (status IN ('available', 'active', 'shadow', 'retired', 'failed'));
ALTER TABLE models ADD COLUMN IF NOT EXISTS activated_at timestamptz;
ALTER TABLE models ADD COLUMN IF NOT EXISTS retired_at timestamptz;
ALTER TABLE models ADD COLUMN IF NOT EXISTS error text;
UPDATE models SET activated_at = created_at WHERE status = 'active' AND activated_at IS NULL;

-- One row per frame, shadow model and label: what the shadow and the active model it is compared
-- with found on the same frame. matched: shadow boxes that overlap an active box of the same label
-- (IoU >= 0.5, each active box matched once). A replay upserts the same rows.
CREATE TABLE IF NOT EXISTS model_comparisons (
    camera_id             text NOT NULL,
    ts                    timestamptz NOT NULL,   -- capture time of the frame
    frame_id              bigint NOT NULL,
    shadow_model_id       text NOT NULL,
    active_model_id       text NOT NULL,
    label                 text NOT NULL,
    active_detections     integer NOT NULL,
    active_confidence_sum double precision NOT NULL,
    shadow_detections     integer NOT NULL,
    shadow_confidence_sum double precision NOT NULL,
    matched               integer NOT NULL,
    PRIMARY KEY (camera_id, shadow_model_id, frame_id, label, ts)
);
CREATE INDEX IF NOT EXISTS model_comparisons_shadow_ts ON model_comparisons (shadow_model_id, ts DESC);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('model_comparisons', 'ts', chunk_time_interval => interval '7 days', if_not_exists => TRUE, migrate_data => TRUE);
    END IF;
END $$;

-- Per hour (UTC), camera, shadow, active model and label. agreement: matched boxes over the boxes of
-- both models (2 * matched / (active + shadow)): 1 when both found the same objects, 0 when none matched.
CREATE OR REPLACE VIEW model_comparison_hourly AS
SELECT date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
       camera_id, shadow_model_id, active_model_id, label,
       count(*) AS frames,
       sum(active_detections) AS active_detections,
       sum(shadow_detections) AS shadow_detections,
       sum(active_confidence_sum) / nullif(sum(active_detections), 0) AS active_mean_confidence,
       sum(shadow_confidence_sum) / nullif(sum(shadow_detections), 0) AS shadow_mean_confidence,
       sum(matched) AS matched,
       2.0 * sum(matched) / nullif(sum(active_detections) + sum(shadow_detections), 0) AS agreement
FROM model_comparisons
GROUP BY 1, 2, 3, 4, 5;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_analyst') THEN
        GRANT SELECT ON model_comparisons, model_comparison_hourly TO argus_analyst;
    END IF;
END $$;
