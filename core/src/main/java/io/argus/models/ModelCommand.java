package io.argus.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One command of the control topic ({@code argus.control}, JSON, one command per record; see
 * docs/models.md). Parsing names the field at fault; unknown fields are refused, so a typo is never
 * silently ignored.
 *
 * <pre>
 * {"command": "add", "model": {"name": "yolov8n", "version": "2", "uri": "file:///models/y2.onnx",
 *                              "layout": "auto", "confidence_threshold": 0.3, "iou_threshold": 0.5}}
 * {"command": "assign", "camera": "door", "models": ["yolov8n:2"], "labels": ["person"]}
 * {"command": "shadow", "model": "yolov8n:2", "replaces": "yolov8n:1", "cameras": ["door"]}
 * {"command": "promote", "model": "yolov8n:2"}
 * {"command": "retire", "model": "yolov8n:1"}
 * </pre>
 *
 * @param model the model to add (ADD only)
 * @param modelId the model the command is about (SHADOW, PROMOTE, RETIRE)
 * @param replaces the active model a shadow is compared with and would replace (SHADOW)
 * @param cameras the cameras of a shadow (empty: every camera that runs {@code replaces}); ASSIGN: the one camera
 * @param models the models a camera runs (ASSIGN)
 * @param labels the labels a camera keeps (ASSIGN; null keeps what it had, empty keeps all)
 */
public record ModelCommand(Kind kind, ModelDefinition model, String modelId, String replaces, List<String> cameras, List<String> models,
        List<String> labels) implements Serializable {

    public enum Kind { ADD, ASSIGN, SHADOW, PROMOTE, RETIRE }

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelCommand {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        models = models == null ? List.of() : List.copyOf(models);
        labels = labels == null ? null : List.copyOf(labels);
    }

    public static ModelCommand add(ModelDefinition m) {
        return new ModelCommand(Kind.ADD, m, m.id(), null, null, null, null);
    }

    public static ModelCommand assign(String camera, List<String> models, List<String> labels) {
        return new ModelCommand(Kind.ASSIGN, null, null, null, List.of(camera), models, labels);
    }

    public static ModelCommand shadow(String modelId, String replaces, List<String> cameras) {
        return new ModelCommand(Kind.SHADOW, null, modelId, replaces, cameras, null, null);
    }

    public static ModelCommand promote(String modelId) {
        return new ModelCommand(Kind.PROMOTE, null, modelId, null, null, null, null);
    }

    public static ModelCommand retire(String modelId) {
        return new ModelCommand(Kind.RETIRE, null, modelId, null, null, null, null);
    }

    /** The model the command is about (ASSIGN: none). */
    public String subject() {
        return kind == Kind.ADD ? model.id() : modelId;
    }

    public static ModelCommand parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("expected a JSON object with a 'command' field");
        String c = text(n, "command", true);
        Kind kind;
        try {
            kind = Kind.valueOf(c.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("command: unknown '" + c + "' (add, assign, shadow, promote or retire)");
        }
        return switch (kind) {
            case ADD -> {
                only(n, Set.of("command", "model"));
                JsonNode m = n.get("model");
                if (m == null || !m.isObject()) throw new IllegalArgumentException("model: expected an object with name, version and uri");
                only(m, Set.of("name", "version", "uri", "layout", "confidence_threshold", "iou_threshold"), "model.");
                yield add(new ModelDefinition(text(m, "name", true), text(m, "version", true), text(m, "uri", true), text(m, "layout", false),
                        number(m, "confidence_threshold"), number(m, "iou_threshold")));
            }
            case ASSIGN -> {
                only(n, Set.of("command", "camera", "models", "labels"));
                List<String> models = list(n, "models");
                if (models.isEmpty()) throw new IllegalArgumentException("models: a camera needs at least one model");
                yield assign(text(n, "camera", true), models, n.has("labels") ? list(n, "labels") : null);
            }
            case SHADOW -> {
                only(n, Set.of("command", "model", "replaces", "cameras"));
                yield shadow(text(n, "model", true), text(n, "replaces", true), list(n, "cameras"));
            }
            case PROMOTE -> {
                only(n, Set.of("command", "model"));
                yield promote(text(n, "model", true));
            }
            case RETIRE -> {
                only(n, Set.of("command", "model"));
                yield retire(text(n, "model", true));
            }
        };
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("command", kind.name().toLowerCase(Locale.ROOT));
        switch (kind) {
            case ADD -> {
                ObjectNode m = n.putObject("model");
                m.put("name", model.name());
                m.put("version", model.version());
                m.put("uri", model.path());
                m.put("layout", model.layout());
                if (model.confidenceThreshold() != null) m.put("confidence_threshold", model.confidenceThreshold());
                if (model.iouThreshold() != null) m.put("iou_threshold", model.iouThreshold());
            }
            case ASSIGN -> {
                n.put("camera", cameras.get(0));
                strings(n.putArray("models"), models);
                if (labels != null) strings(n.putArray("labels"), labels);
            }
            case SHADOW -> {
                n.put("model", modelId);
                n.put("replaces", replaces);
                if (!cameras.isEmpty()) strings(n.putArray("cameras"), cameras);
            }
            default -> n.put("model", modelId);
        }
        return n.toString();
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void only(JsonNode n, Set<String> allowed) {
        only(n, allowed, "");
    }

    private static void only(JsonNode n, Set<String> allowed, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw new IllegalArgumentException(prefix + f + ": unknown field (expected one of " + allowed.stream().sorted().toList() + ")");
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException(field + ": missing");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) throw new IllegalArgumentException(field + ": expected a non-empty string");
        return v.asText();
    }

    private static Float number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw new IllegalArgumentException("model." + field + ": expected a number");
        return v.floatValue();
    }

    private static List<String> list(JsonNode n, String field) {
        JsonNode v = n.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (!v.isArray()) throw new IllegalArgumentException(field + ": expected a list of strings");
        for (JsonNode e : v) {
            if (!e.isTextual() || e.asText().isBlank()) throw new IllegalArgumentException(field + ": expected a list of non-empty strings");
            out.add(e.asText());
        }
        return out;
    }
}
