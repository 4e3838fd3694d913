-- Argus schema, version 5: a best-frame snapshot and a clip for every episode.
-- The files live in the media store (argus.media.dir: a folder or an object store URI) under
-- <camera>/<day of the episode's start, UTC>/<episode id>/; these rows say where. One of each per
-- episode, keyed by its id, so a replay rewrites the same row and the same files.

CREATE TABLE IF NOT EXISTS snapshots (
    episode_id    uuid PRIMARY KEY,
    camera_id     text NOT NULL,
    model_id      text NOT NULL,
    ts            timestamptz NOT NULL,          -- capture time of the frame shown
    frame_id      bigint NOT NULL,
    labels        text[] NOT NULL,
    confidence    real NOT NULL,
    x             real NOT NULL,                 -- the drawn box, normalised 0..1: top-left corner and size
    y             real NOT NULL,
    w             real NOT NULL,
    h             real NOT NULL,
    uri           text NOT NULL,                 -- JPEG of the whole frame with the box drawn
    thumbnail_uri text NOT NULL,                 -- JPEG of the object, cropped
    bytes         bigint NOT NULL,               -- both files
    final         boolean NOT NULL DEFAULT false, -- written after the episode closed
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS snapshots_camera_ts ON snapshots (camera_id, ts DESC);

CREATE TABLE IF NOT EXISTS clips (
    episode_id  uuid PRIMARY KEY,
    camera_id   text NOT NULL,
    model_id    text NOT NULL,
    start_ts    timestamptz NOT NULL,            -- capture time of the first frame (pre-roll included)
    duration_ms bigint NOT NULL,
    frames      integer NOT NULL,
    labels      text[] NOT NULL,
    uri         text NOT NULL,                   -- MP4
    codec       text NOT NULL,                   -- the FFmpeg encoder, e.g. libopenh264
    bytes       bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS clips_camera_start ON clips (camera_id, start_ts DESC);

-- The episode's snapshot, for a dashboard or a query that lists episodes with their picture.
ALTER TABLE episodes ADD COLUMN IF NOT EXISTS snapshot_uri text;

-- Small tables (one row per episode, deleted by media retention): plain tables on TimescaleDB too.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_analyst') THEN
        GRANT SELECT ON snapshots, clips TO argus_analyst;
    END IF;
END $$;
