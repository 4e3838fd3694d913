-- Argus schema, version 6: the raw tables keep only the indexes a query uses.
-- Measured with ./argus bench sink (docs/benchmarks.md, 2026-11-28): a COPY into detections beside
-- earlier days of rows runs 1.38x faster without detections_label_ts and 1.05x without
-- detections_track; into ai_events 1.12x without ai_events_model_ts and 1.09x without
-- ai_events_camera_model. No shipped query, dashboard panel or report reads through them:
-- label-over-time panels group all labels within a time range (the rollups serve them), and a track's
-- detections are found by camera and the episode's time range (detections_camera_ts), then track_id.
-- The indexes kept: the primary keys (replays upsert through them) and (camera_id, ts DESC) on both
-- tables, which every per-camera panel and lookup uses.
DROP INDEX IF EXISTS detections_label_ts;
DROP INDEX IF EXISTS detections_track;
DROP INDEX IF EXISTS ai_events_model_ts;
DROP INDEX IF EXISTS ai_events_camera_model;
