-- Argus schema, version 2: episodes (a tracked object's presence) and actions (what the rules saw).

-- One row per episode, upserted while it is open (on a cadence, not per frame) and once more when it
-- closes. id is a name-based UUID of (camera, model, track, start): a replay rewrites the same row.
CREATE TABLE IF NOT EXISTS episodes (
    id              uuid PRIMARY KEY,
    camera_id       text NOT NULL,
    model_id        text NOT NULL,
    track_id        bigint NOT NULL,
    label           text NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz NOT NULL,           -- last seen; the end once closed
    status          text NOT NULL CHECK (status IN ('open', 'closed')),
    frames          integer NOT NULL,
    peak_confidence real NOT NULL,
    best_frame_id   bigint NOT NULL,
    zones           text[] NOT NULL DEFAULT '{}',   -- zones visited
    max_speed       real NOT NULL DEFAULT 0,        -- frame widths per second, of the foot point
    stationary      boolean NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS episodes_camera_started ON episodes (camera_id, started_at DESC);
CREATE INDEX IF NOT EXISTS episodes_label_started ON episodes (label, started_at DESC);
CREATE INDEX IF NOT EXISTS episodes_open ON episodes (camera_id) WHERE status = 'open';

-- Zone entries and exits, loitering, line crossings with direction, crowding, stationary objects.
CREATE TABLE IF NOT EXISTS actions (
    id         uuid NOT NULL,
    camera_id  text NOT NULL,
    model_id   text NOT NULL,
    ts         timestamptz NOT NULL,
    type       text NOT NULL CHECK (type IN ('zone_enter', 'zone_exit', 'loitering', 'line_cross', 'crowding', 'stationary')),
    track_id   bigint NOT NULL,                    -- 0 for crowding (a zone, not one object)
    label      text NOT NULL,
    zone       text,                               -- the zone or line; null for stationary
    data       jsonb NOT NULL DEFAULT '{}',        -- e.g. {"direction": "A->B"}, {"dwell_ms": 31000}
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, ts)
);
CREATE INDEX IF NOT EXISTS actions_camera_ts ON actions (camera_id, ts DESC);
CREATE INDEX IF NOT EXISTS actions_type_ts ON actions (type, ts DESC);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('actions', 'ts', if_not_exists => TRUE, migrate_data => TRUE);
    END IF;
END $$;
