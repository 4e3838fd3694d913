-- Cameras that went silent: not seen for 5 minutes (or never), with their status as ingest recorded it.
SELECT id, name, status, last_seen_at,
       CASE WHEN last_seen_at IS NULL THEN NULL ELSE now() - last_seen_at END AS silent_for
FROM cameras
WHERE last_seen_at IS NULL OR last_seen_at < now() - interval '5 minutes'
ORDER BY last_seen_at NULLS FIRST;
