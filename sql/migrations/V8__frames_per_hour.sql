-- Argus schema, version 8: frames per camera and hour for panels wider than one camera-hour, read
-- from the pipeline health rows instead of counting raw ai_events.
-- frames_hourly: the closed hours from pipeline_health_hourly (final = true; a camera's hour is
-- written there once the camera's time has passed its end, and its processed count never changes
-- after that); the hours not written yet counted from the raw ai_events of the last 6 hours
-- (final = false). frames counts model results, as ai_events does: one per frame and model.
CREATE OR REPLACE VIEW frames_hourly AS
SELECT camera_id, bucket, frames_processed AS frames, true AS final
FROM pipeline_health_hourly
UNION ALL
SELECT t.camera_id, t.bucket, t.frames, false AS final
FROM (SELECT camera_id, date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket, count(*) AS frames
      FROM ai_events
      WHERE ts > now() - interval '6 hours'
      GROUP BY 1, 2) t
WHERE NOT EXISTS (SELECT 1 FROM pipeline_health_hourly h WHERE h.camera_id = t.camera_id AND h.bucket = t.bucket);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_analyst') THEN
        GRANT SELECT ON frames_hourly TO argus_analyst;
    END IF;
END $$;
