-- Busiest hours per camera: the 5 hours with the most detections of each camera, from the hourly rollups.
WITH hours AS (
  SELECT camera_id, bucket, sum(detections) AS detections, sum(episodes_started) AS episodes
  FROM rollups_hourly
  GROUP BY camera_id, bucket
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY camera_id ORDER BY detections DESC, bucket) AS rank FROM hours
)
SELECT camera_id, bucket AS hour, detections, episodes
FROM ranked
WHERE rank <= 5
ORDER BY camera_id, detections DESC;
