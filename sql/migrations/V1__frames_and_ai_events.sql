-- Argus schema, version 1: cameras, models and frame-level AI events.
-- One migration set for PostgreSQL and TimescaleDB: Timescale-only statements run inside blocks
-- that check for the extension, so the same file serves both.

CREATE TABLE IF NOT EXISTS cameras (
    id           text PRIMARY KEY,
    name         text NOT NULL DEFAULT '',
    source       text NOT NULL DEFAULT '',
    status       text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'online', 'offline', 'error')),
    zones        jsonb NOT NULL DEFAULT '[]',
    lines        jsonb NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz
);

CREATE TABLE IF NOT EXISTS models (
    id           text PRIMARY KEY,                 -- '<name>:<version>', the model_id in every row
    name         text NOT NULL,
    version      text NOT NULL,
    type         text NOT NULL DEFAULT 'detector',
    artifact_uri text NOT NULL,
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    metadata     jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- One row per processed frame and model. id is a name-based UUID of (camera, frame, model):
-- a replay upserts the same row. The primary key includes ts because a hypertable needs it.
CREATE TABLE IF NOT EXISTS ai_events (
    id             uuid NOT NULL,
    camera_id      text NOT NULL,
    model_id       text NOT NULL,
    ts             timestamptz NOT NULL,           -- capture time of the frame
    frame_id       bigint NOT NULL,
    detections     jsonb NOT NULL DEFAULT '[]',    -- [{label, class_id, confidence, x, y, w, h}], box normalised 0..1
    confidence     real,                           -- highest detection confidence; null when nothing was detected
    event_metadata jsonb NOT NULL DEFAULT '{}',    -- model_version, inference_ms, provider, batch_size, ...
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, ts)
);
CREATE INDEX IF NOT EXISTS ai_events_camera_ts ON ai_events (camera_id, ts DESC);
CREATE INDEX IF NOT EXISTS ai_events_model_ts ON ai_events (model_id, ts DESC);
CREATE INDEX IF NOT EXISTS ai_events_camera_model ON ai_events (camera_id, model_id);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('ai_events', 'ts', if_not_exists => TRUE, migrate_data => TRUE);
    END IF;
END $$;

-- Analysts and Grafana read everything, write nothing.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_analyst') THEN
        GRANT USAGE ON SCHEMA public TO argus_analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO argus_analyst;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO argus_analyst;
    END IF;
END $$;
