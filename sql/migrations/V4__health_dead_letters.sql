-- Argus schema, version 4: pipeline health also counts each camera's dead-lettered frames.
ALTER TABLE pipeline_health_hourly ADD COLUMN IF NOT EXISTS frames_dead_lettered bigint NOT NULL DEFAULT 0;
