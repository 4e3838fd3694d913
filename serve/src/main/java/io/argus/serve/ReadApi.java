package io.argus.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The read API: JSON over the Argus tables (as the read-only analyst), media files with HTTP ranges,
 * paging by {@code limit} (default 50, at most 500) and {@code offset}; a list answers
 * {@code {"items": [...], "limit", "offset", "next"}} where {@code next} is the offset of the next page
 * or null. Paths are listed in {@link #PATHS} and described in {@code /api/openapi.json}.
 */
final class ReadApi {
    static final List<String> PATHS = List.of("/api/cameras", "/api/cameras/{id}", "/api/cameras/{id}/latest-frame", "/api/episodes",
            "/api/episodes/{id}", "/api/episodes/{id}/snapshot", "/api/episodes/{id}/thumbnail", "/api/episodes/{id}/clip", "/api/actions",
            "/api/detections", "/api/rollups/hourly", "/api/rollups/daily", "/api/health", "/api/dead-letters", "/api/models");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Media files are named after their episode and rewritten only while it is open: a short cache is safe. */
    static final String MEDIA_CACHE = "private, max-age=60";

    private static final String EPISODE_COLUMNS = """
            SELECT e.id, e.camera_id, e.model_id, e.track_id, e.label, e.started_at, e.ended_at,
                   EXTRACT(EPOCH FROM (e.ended_at - e.started_at))::float8 AS duration_s, e.status, e.frames, e.peak_confidence,
                   e.zones, e.stationary, e.max_speed, s.episode_id IS NOT NULL AS has_snapshot, c.episode_id IS NOT NULL AS has_clip,
                   COALESCE((SELECT array_agg(DISTINCT a.type ORDER BY a.type) FROM actions a WHERE a.camera_id = e.camera_id
                       AND a.model_id = e.model_id AND a.track_id = e.track_id AND a.ts BETWEEN e.started_at AND e.ended_at), '{}') AS actions
            FROM episodes e LEFT JOIN snapshots s ON s.episode_id = e.id LEFT JOIN clips c ON c.episode_id = e.id""";

    private final Database db;
    private final MediaFiles media;
    private final LatestFrames latestFrames;

    ReadApi(Database db, MediaFiles media, LatestFrames latestFrames) {
        this.db = db;
        this.media = media;
        this.latestFrames = latestFrames;
    }

    void register(Javalin app) {
        app.get("/api/cameras", this::cameras);
        app.get("/api/cameras/{id}", this::camera);
        app.get("/api/cameras/{id}/latest-frame", this::latestFrame);
        app.get("/api/episodes", this::episodes);
        app.get("/api/episodes/{id}", this::episode);
        app.get("/api/episodes/{id}/snapshot", ctx -> episodeMedia(ctx, "SELECT uri FROM snapshots WHERE episode_id = ?"));
        app.get("/api/episodes/{id}/thumbnail", ctx -> episodeMedia(ctx, "SELECT thumbnail_uri AS uri FROM snapshots WHERE episode_id = ?"));
        app.get("/api/episodes/{id}/clip", ctx -> episodeMedia(ctx, "SELECT uri FROM clips WHERE episode_id = ?"));
        app.get("/api/actions", this::actions);
        app.get("/api/detections", this::detections);
        app.get("/api/models", this::models);
        app.get("/api/rollups/hourly", ctx -> rollups(ctx, "rollups_hourly"));
        app.get("/api/rollups/daily", ctx -> rollups(ctx, "rollups_daily"));
        app.get("/api/health", this::health);
        app.get("/api/dead-letters", this::deadLetters);
    }

    private static final String CAMERA_COLUMNS = """
            SELECT c.id, c.name, c.status, c.last_seen_at, c.zones, c.lines,
                   (SELECT count(*) FROM episodes e WHERE e.camera_id = c.id AND e.started_at > now() - interval '24 hours') AS episodes_24h
            FROM cameras c""";

    private void cameras(Context ctx) throws Exception {
        ctx.json(page(ctx, CAMERA_COLUMNS + " ORDER BY c.id", new Where()));
    }

    private void camera(Context ctx) throws Exception {
        ObjectNode c = db.row(CAMERA_COLUMNS + " WHERE c.id = ?", List.of(ctx.pathParam("id")));
        if (c == null) throw new NotFoundResponse("no camera " + ctx.pathParam("id"));
        ctx.json(c);
    }

    private void latestFrame(Context ctx) throws Exception {
        String camera = ctx.pathParam("id");
        byte[] jpeg = latestFrames.latest(camera);
        if (jpeg == null) throw new NotFoundResponse("no recent frame of camera " + camera + " on the frames topic");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("image/jpeg").result(jpeg);
    }

    private void episodes(Context ctx) throws Exception {
        Where w = new Where()
                .add("e.camera_id = ?", ApiParams.text(ctx, "camera"))
                .add("e.label = ?", ApiParams.text(ctx, "label"))
                .add("? = ANY(e.zones)", ApiParams.text(ctx, "zone"))
                .add("e.status = ?", ApiParams.text(ctx, "status"))
                .add("EXISTS (SELECT 1 FROM actions a WHERE a.camera_id = e.camera_id AND a.model_id = e.model_id AND a.track_id = e.track_id "
                        + "AND a.ts BETWEEN e.started_at AND e.ended_at AND a.type = ?)", ApiParams.text(ctx, "action"))
                .add("e.ended_at >= ?", ApiParams.time(ctx, "from"))
                .add("e.started_at < ?", ApiParams.time(ctx, "to"));
        ObjectNode page = page(ctx, EPISODE_COLUMNS + w + " ORDER BY e.started_at DESC, e.id", w);
        page.withArray("items").forEach(e -> links((ObjectNode) e));
        ctx.json(page);
    }

    private void episode(Context ctx) throws Exception {
        UUID id = ApiParams.episodeId(ctx);
        ObjectNode e = db.row(EPISODE_COLUMNS + " WHERE e.id = ?", List.of(id));
        if (e == null) throw new NotFoundResponse("no episode " + id);
        links(e);
        List<Object> track = List.of(e.get("camera_id").asText(), e.get("model_id").asText(), e.get("track_id").asLong(),
                Instant.parse(e.get("started_at").asText()), Instant.parse(e.get("ended_at").asText()));
        e.set("action_list", db.rows("SELECT id, ts, type, zone, data FROM actions WHERE camera_id = ? AND model_id = ? AND track_id = ? "
                + "AND ts BETWEEN ? AND ? ORDER BY ts", track));
        // The track's path: the foot point (bottom centre) of its box in each frame, normalised 0..1.
        e.set("path", db.rows("SELECT ts, x + w / 2 AS x, y + h AS y FROM detections WHERE camera_id = ? AND model_id = ? AND track_id = ? "
                + "AND ts BETWEEN ? AND ? ORDER BY ts LIMIT 5000", track));
        ObjectNode snap = db.row("SELECT ts, frame_id, confidence, x, y, w, h, final FROM snapshots WHERE episode_id = ?", List.of(id));
        if (snap != null) e.set("snapshot", snap);
        ObjectNode clip = db.row("SELECT start_ts, duration_ms, frames, codec, bytes FROM clips WHERE episode_id = ?", List.of(id));
        if (clip != null) e.set("clip", clip);
        ctx.json(e);
    }

    private static void links(ObjectNode e) {
        String base = "/api/episodes/" + e.get("id").asText();
        e.put("review_url", "/episodes/" + e.get("id").asText());
        if (e.path("has_snapshot").asBoolean()) {
            e.put("snapshot_url", base + "/snapshot");
            e.put("thumbnail_url", base + "/thumbnail");
        }
        if (e.path("has_clip").asBoolean()) e.put("clip_url", base + "/clip");
    }

    private void episodeMedia(Context ctx, String sql) throws Exception {
        UUID id = ApiParams.episodeId(ctx);
        ObjectNode row = db.row(sql, List.of(id));
        Path file = row == null ? null : media.resolve(row.get("uri").asText()).orElse(null);
        if (file == null) throw new NotFoundResponse("no such file for episode " + id);
        ctx.header("Cache-Control", MEDIA_CACHE);
        ctx.header("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Files.getLastModifiedTime(file).toInstant().atZone(java.time.ZoneOffset.UTC)));
        InputStream in = Files.newInputStream(file);
        ctx.writeSeekableStream(in, MediaFiles.contentType(file), Files.size(file));
    }

    private void actions(Context ctx) throws Exception {
        Where w = new Where()
                .add("camera_id = ?", ApiParams.text(ctx, "camera"))
                .add("type = ?", ApiParams.text(ctx, "type"))
                .add("label = ?", ApiParams.text(ctx, "label"))
                .add("zone = ?", ApiParams.text(ctx, "zone"))
                .add("ts >= ?", ApiParams.time(ctx, "from"))
                .add("ts < ?", ApiParams.time(ctx, "to"));
        ctx.json(page(ctx, "SELECT id, camera_id, model_id, ts, type, track_id, label, zone, data FROM actions" + w + " ORDER BY ts DESC, id", w));
    }

    private void detections(Context ctx) throws Exception {
        Where w = new Where()
                .add("camera_id = ?", ApiParams.text(ctx, "camera"))
                .add("label = ?", ApiParams.text(ctx, "label"))
                .add("ts >= ?", ApiParams.time(ctx, "from"))
                .add("ts < ?", ApiParams.time(ctx, "to"));
        ctx.json(page(ctx, "SELECT id, camera_id, model_id, ts, frame_id, track_id, label, confidence, x, y, w, h FROM detections" + w
                + " ORDER BY ts DESC, id", w));
    }

    /**
     * The models the job has run: id, version, status (available, active, shadow, retired, failed), when it
     * became active and was retired, why it failed, its settings (metadata), and for a shadow its agreement
     * with the active model over the last 24 hours (model_comparison_hourly).
     */
    private void models(Context ctx) throws Exception {
        ctx.json(page(ctx, """
                SELECT m.id, m.name, m.version, m.type, m.artifact_uri, m.status, m.activated_at, m.retired_at, m.error, m.metadata,
                       m.created_at, m.updated_at,
                       (SELECT 2.0 * sum(c.matched) / nullif(sum(c.active_detections) + sum(c.shadow_detections), 0) FROM model_comparisons c
                         WHERE c.shadow_model_id = m.id AND c.ts > now() - interval '24 hours') AS agreement_24h
                FROM models m ORDER BY m.id""", new Where()));
    }

    private void rollups(Context ctx, String table) throws Exception {
        Where w = new Where()
                .add("camera_id = ?", ApiParams.text(ctx, "camera"))
                .add("label = ?", ApiParams.text(ctx, "label"))
                .add("bucket >= ?", ApiParams.time(ctx, "from"))
                .add("bucket < ?", ApiParams.time(ctx, "to"));
        ctx.json(page(ctx, "SELECT camera_id, model_id, label, bucket, detections, frames, max_concurrent, mean_confidence, episodes_started, "
                + "time_in_view_s FROM " + table + w + " ORDER BY bucket DESC, camera_id, model_id, label", w));
    }

    private void health(Context ctx) throws Exception {
        Where w = hourly(ctx);
        ctx.json(page(ctx, "SELECT camera_id, bucket, frames_processed, frames_skipped, frames_dead_lettered, inference_p50_ms, inference_p95_ms "
                + "FROM pipeline_health_hourly" + w + " ORDER BY bucket DESC, camera_id", w));
    }

    private void deadLetters(Context ctx) throws Exception {
        Where w = hourly(ctx);
        ObjectNode out = page(ctx, "SELECT camera_id, bucket, frames_dead_lettered FROM pipeline_health_hourly" + w
                + (w.toString().isEmpty() ? " WHERE" : " AND") + " frames_dead_lettered > 0 ORDER BY bucket DESC, camera_id", w);
        out.set("total", db.row("SELECT COALESCE(sum(frames_dead_lettered), 0)::bigint AS frames FROM pipeline_health_hourly" + w, w.params).get("frames"));
        ctx.json(out);
    }

    private static Where hourly(Context ctx) {
        return new Where()
                .add("camera_id = ?", ApiParams.text(ctx, "camera"))
                .add("bucket >= ?", ApiParams.time(ctx, "from"))
                .add("bucket < ?", ApiParams.time(ctx, "to"));
    }

    /** One page of {@code sql}'s rows: one more than asked is read, to say whether there is a next page. */
    private ObjectNode page(Context ctx, String sql, Where w) throws Exception {
        int limit = ApiParams.limit(ctx), offset = ApiParams.offset(ctx);
        List<Object> params = new java.util.ArrayList<>(w.params);
        params.add(limit + 1);
        params.add(offset);
        ArrayNode rows = db.rows(sql + " LIMIT ? OFFSET ?", params);
        boolean more = rows.size() > limit;
        if (more) rows.remove(limit);
        ObjectNode page = JSON.createObjectNode();
        page.set("items", rows);
        page.put("limit", limit);
        page.put("offset", offset);
        if (more) page.put("next", offset + limit);
        else page.putNull("next");
        return page;
    }
}
