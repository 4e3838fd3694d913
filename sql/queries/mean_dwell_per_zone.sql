-- Mean dwell time per zone: from each zone_enter to the same track's next zone_exit in that zone.
WITH visits AS (
  SELECT camera_id, zone, track_id, type, ts,
         lead(type) OVER w AS next_type, lead(ts) OVER w AS next_ts
  FROM actions
  WHERE type IN ('zone_enter', 'zone_exit')
  WINDOW w AS (PARTITION BY camera_id, model_id, zone, track_id ORDER BY ts)
)
SELECT camera_id, zone, count(*) AS visits,
       round(avg(extract(epoch FROM next_ts - ts))::numeric, 1) AS mean_dwell_s
FROM visits
WHERE type = 'zone_enter' AND next_type = 'zone_exit'
GROUP BY camera_id, zone
ORDER BY camera_id, zone;
