package io.argus.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.argus.envelope.EnvelopeRules;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cameras file (YAML), shared by ingest and the job:
 *
 * <pre>
 * models:
 *   yolov8n: {path: assets/models/yolov8n.onnx}          # layout, confidence-threshold optional
 * cameras:
 *   - id: entrance
 *     name: Front entrance
 *     source: assets/media/vtest.avi
 *     fps: 2
 *     models: [yolov8n]                                  # default: every model
 *     labels: [person, car]                              # default: every label
 *     zones: [{name: door, polygon: [[0.1, 0.5], [0.4, 0.5], [0.4, 1], [0.1, 1]]}]
 *     lines: [{name: threshold, from: [0, 0.6], to: [1, 0.6]}]
 * </pre>
 *
 * Every mistake is reported with the camera and the key at fault. Relative model paths resolve
 * against the file's folder.
 */
public final class CamerasFile implements Serializable {
    private static final Set<String> TOP = Set.of("models", "cameras");
    private static final Set<String> CAMERA_KEYS = Set.of("id", "name", "source", "fps", "models", "labels", "zones", "lines",
            "loop", "real-time", "max-width", "quality", "start-time", "capture-time", "transport", "ffmpeg-options");
    private static final Set<String> MODEL_KEYS = Set.of("path", "layout", "confidence-threshold");

    private final Map<String, ModelSpec> models;
    private final List<CameraSpec> cameras;

    private CamerasFile(Map<String, ModelSpec> models, List<CameraSpec> cameras) {
        this.models = models;
        this.cameras = cameras;
    }

    public static CamerasFile load(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("cameras file not found: " + file.toAbsolutePath());
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        }
        return parse(root, file.toAbsolutePath().getParent(), file.toString());
    }

    static CamerasFile parse(JsonNode root, Path base, String where) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException(where + ": expected a mapping with 'models' and 'cameras'");
        unknownKeys(root, TOP, where);
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        JsonNode ms = root.path("models");
        if (!ms.isObject() || ms.isEmpty()) throw new IllegalArgumentException(where + ": 'models' must map at least one model name to its settings");
        for (Iterator<Map.Entry<String, JsonNode>> it = ms.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = where + ": model '" + e.getKey() + "'";
            if (!e.getKey().matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException(at + ": name must be 1-64 letters, digits, '.', '_' or '-'");
            JsonNode m = e.getValue();
            unknownKeys(m, MODEL_KEYS, at);
            String path = text(m, "path", at, true);
            Path p = Path.of(path);
            if (!p.isAbsolute() && base != null) p = base.resolve(p).normalize();
            Double conf = m.has("confidence-threshold") ? number(m, "confidence-threshold", at) : null;
            if (conf != null && (conf <= 0 || conf >= 1)) throw new IllegalArgumentException(at + ": confidence-threshold must be in (0, 1)");
            models.put(e.getKey(), new ModelSpec(e.getKey(), p.toString(), text(m, "layout", at, false), conf));
        }
        JsonNode cs = root.path("cameras");
        if (!cs.isArray() || cs.isEmpty()) throw new IllegalArgumentException(where + ": 'cameras' must be a list of at least one camera");
        List<CameraSpec> cameras = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        int n = 0;
        for (JsonNode c : cs) {
            n++;
            String id = c.path("id").asText(null);
            String at = where + ": camera " + (id == null ? "#" + n : "'" + id + "'");
            if (id == null) throw new IllegalArgumentException(at + ": 'id' is missing");
            if (!EnvelopeRules.CAMERA_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(at + ": id must match " + EnvelopeRules.CAMERA_ID.pattern());
            }
            if (!ids.add(id)) throw new IllegalArgumentException(at + ": id is used twice");
            unknownKeys(c, CAMERA_KEYS, at);
            double fps = c.has("fps") ? number(c, "fps", at) : 2.0;
            if (fps < 0) throw new IllegalArgumentException(at + ": fps must be >= 0");
            List<String> camModels = strings(c, "models", at);
            for (String m : camModels) {
                if (!models.containsKey(m)) throw new IllegalArgumentException(at + ": models: unknown model '" + m + "' (defined: " + String.join(", ", models.keySet()) + ")");
            }
            if (camModels.isEmpty()) camModels = List.copyOf(models.keySet());
            cameras.add(new CameraSpec(id, c.path("name").asText(id), c.path("source").asText(""), fps, camModels,
                    strings(c, "labels", at), zones(c, at), lines(c, at), ingest(c, at)));
        }
        // In the file's order: the first model is the one every inference subtask loads before its first frame.
        return new CamerasFile(java.util.Collections.unmodifiableMap(models), List.copyOf(cameras));
    }

    private static CameraSpec.Ingest ingest(JsonNode c, String at) {
        CameraSpec.Ingest d = CameraSpec.Ingest.defaults();
        boolean loop = bool(c, "loop", d.loop(), at);
        boolean realTime = bool(c, "real-time", d.realTime(), at);
        int maxWidth = c.has("max-width") ? (int) number(c, "max-width", at) : d.maxWidth();
        if (maxWidth < 0) throw new IllegalArgumentException(at + ": max-width must be >= 0");
        double quality = c.has("quality") ? number(c, "quality", at) : d.quality();
        if (quality <= 0 || quality > 1) throw new IllegalArgumentException(at + ": quality must be in (0, 1]");
        String start = c.has("start-time") ? text(c, "start-time", at, true) : d.startTime();
        if (!start.equals("now")) {
            try {
                java.time.Instant.parse(start);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(at + ": start-time must be 'now' or an ISO-8601 instant like 2026-01-31T10:00:00Z");
            }
        }
        String capture = c.has("capture-time") ? text(c, "capture-time", at, true) : d.captureTime();
        if (!capture.equals("exif") && !capture.equals("file")) throw new IllegalArgumentException(at + ": capture-time must be exif or file");
        String source = c.path("source").asText("");
        boolean rtsp = source.startsWith("rtsp://") || source.startsWith("rtsps://");
        CameraSpec.RtspTransport transport = d.transport();
        if (c.has("transport")) {
            if (!rtsp) throw new IllegalArgumentException(at + ": transport applies to rtsp:// sources only");
            String t = text(c, "transport", at, true);
            transport = java.util.Arrays.stream(CameraSpec.RtspTransport.values()).filter(v -> v.key().equals(t)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(at + ": transport must be tcp, udp or auto, not '" + t + "'"));
        }
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode o = c.get("ffmpeg-options");
        if (o != null) {
            if (!o.isObject()) throw new IllegalArgumentException(at + ": ffmpeg-options must map FFmpeg input option names to values");
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().matches("[a-z0-9_]{1,64}")) throw new IllegalArgumentException(at + ": ffmpeg-options: '" + e.getKey() + "' is not an option name");
                if (e.getKey().equals("rtsp_transport")) throw new IllegalArgumentException(at + ": ffmpeg-options: set the transport with 'transport', not rtsp_transport");
                if (!e.getValue().isValueNode()) throw new IllegalArgumentException(at + ": ffmpeg-options: " + e.getKey() + " must be a number or a string");
                options.put(e.getKey(), e.getValue().asText());
            }
        }
        return new CameraSpec.Ingest(loop, realTime, maxWidth, quality, start, capture, transport, options);
    }

    private static boolean bool(JsonNode n, String key, boolean dflt, String at) {
        JsonNode v = n.get(key);
        if (v == null) return dflt;
        if (!v.isBoolean()) throw new IllegalArgumentException(at + ": '" + key + "' must be true or false");
        return v.asBoolean();
    }

    private static List<CameraSpec.Zone> zones(JsonNode c, String at) {
        List<CameraSpec.Zone> out = new ArrayList<>();
        for (JsonNode z : c.path("zones")) {
            String name = text(z, "name", at + ": zones", true);
            String zat = at + ": zone '" + name + "'";
            List<CameraSpec.Point> pts = new ArrayList<>();
            for (JsonNode p : z.path("polygon")) pts.add(point(p, zat + ": polygon"));
            if (pts.size() < 3) throw new IllegalArgumentException(zat + ": polygon needs at least 3 points [x, y]");
            out.add(new CameraSpec.Zone(name, List.copyOf(pts)));
        }
        return List.copyOf(out);
    }

    private static List<CameraSpec.Line> lines(JsonNode c, String at) {
        List<CameraSpec.Line> out = new ArrayList<>();
        for (JsonNode l : c.path("lines")) {
            String name = text(l, "name", at + ": lines", true);
            String lat = at + ": line '" + name + "'";
            out.add(new CameraSpec.Line(name, point(l.path("from"), lat + ": from"), point(l.path("to"), lat + ": to")));
        }
        return List.copyOf(out);
    }

    private static CameraSpec.Point point(JsonNode p, String at) {
        if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new IllegalArgumentException(at + ": a point is [x, y] with numbers in 0..1");
        }
        double x = p.get(0).asDouble(), y = p.get(1).asDouble();
        if (x < 0 || x > 1 || y < 0 || y > 1) throw new IllegalArgumentException(at + ": point [" + x + ", " + y + "] is outside 0..1");
        return new CameraSpec.Point(x, y);
    }

    private static void unknownKeys(JsonNode n, Set<String> allowed, String at) {
        if (!n.isObject()) throw new IllegalArgumentException(at + ": expected a mapping");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) throw new IllegalArgumentException(at + ": unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
    }

    private static String text(JsonNode n, String key, String at, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException(at + ": '" + key + "' is missing");
            return null;
        }
        if (!v.isTextual()) throw new IllegalArgumentException(at + ": '" + key + "' must be text");
        return v.asText();
    }

    private static double number(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (!v.isNumber()) throw new IllegalArgumentException(at + ": '" + key + "' must be a number");
        return v.asDouble();
    }

    private static List<String> strings(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null) return List.of();
        if (!v.isArray()) throw new IllegalArgumentException(at + ": '" + key + "' must be a list");
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) out.add(s.asText());
        return List.copyOf(out);
    }

    public Map<String, ModelSpec> models() {
        return models;
    }

    public List<CameraSpec> cameras() {
        return cameras;
    }

    public Set<String> cameraIds() {
        Set<String> s = new LinkedHashSet<>();
        for (CameraSpec c : cameras) s.add(c.id());
        return s;
    }

    /** Ids of the cameras on which this model runs. */
    public Set<String> camerasRunning(String model) {
        Set<String> s = new LinkedHashSet<>();
        for (CameraSpec c : cameras) if (c.models().contains(model)) s.add(c.id());
        return s;
    }

    /** Camera id to its label allow-list, for cameras that have one. */
    public Map<String, Set<String>> labelAllowLists() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (CameraSpec c : cameras) if (!c.labels().isEmpty()) m.put(c.id(), Set.copyOf(c.labels()));
        return m;
    }
}
