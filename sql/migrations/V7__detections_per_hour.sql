-- Argus schema, version 7: detections per camera, model, label and hour for panels wider than one
-- camera-hour, read from the hourly rollups instead of the raw rows.
-- detections_hourly: the closed hours from rollups_hourly (final = true); the hours the job has not
-- closed yet (the current hour, a camera's last few minutes) counted from the raw detections of the
-- last 6 hours (final = false). An hour is closed per camera and model once its rollup rows exist, so
-- the two parts never count the same hour twice. A job more than 6 hours behind shows its open hours
-- once it closes them.
CREATE INDEX IF NOT EXISTS rollups_hourly_camera_bucket ON rollups_hourly (camera_id, model_id, bucket);

CREATE OR REPLACE VIEW detections_hourly AS
SELECT camera_id, model_id, label, bucket, detections, true AS final
FROM rollups_hourly
UNION ALL
SELECT t.camera_id, t.model_id, t.label, t.bucket, t.detections, false AS final
FROM (SELECT camera_id, model_id, label, date_trunc('hour', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket, count(*) AS detections
      FROM detections
      WHERE ts > now() - interval '6 hours'
      GROUP BY 1, 2, 3, 4) t
WHERE NOT EXISTS (SELECT 1 FROM rollups_hourly r
                  WHERE r.camera_id = t.camera_id AND r.model_id = t.model_id AND r.bucket = t.bucket);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'argus_analyst') THEN
        GRANT SELECT ON detections_hourly TO argus_analyst;
    END IF;
END $$;
