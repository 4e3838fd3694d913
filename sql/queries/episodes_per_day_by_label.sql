-- Episodes per day by label (UTC days), with their mean and longest duration in seconds.
SELECT date_trunc('day', started_at AT TIME ZONE 'UTC') AS day, label, count(*) AS episodes,
       round(avg(extract(epoch FROM ended_at - started_at))::numeric, 1) AS mean_s,
       round(max(extract(epoch FROM ended_at - started_at))::numeric, 1) AS longest_s
FROM episodes
GROUP BY 1, 2
ORDER BY 1 DESC, episodes DESC;
