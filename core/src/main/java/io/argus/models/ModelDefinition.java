package io.argus.models;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;

/**
 * A model as the control topic adds it: name and version (its id in every row is {@code name:version}),
 * where its ONNX file is, and the settings that change its results. Thresholds left null take the job's
 * {@code argus.inference.*} settings. A Flink POJO (a record).
 *
 * @param path a local path or {@code file:} URI, the same on every TaskManager (a shared volume)
 */
public record ModelDefinition(String name, String version, String path, String layout, Float confidenceThreshold, Float iouThreshold)
        implements Serializable {

    public ModelDefinition {
        require(name != null && name.matches("[A-Za-z0-9._-]{1,64}"), "name", "must be 1-64 letters, digits, '.', '_' or '-'");
        require(version != null && version.matches("[A-Za-z0-9._+-]{1,64}"), "version", "must be 1-64 letters, digits, '.', '_', '+' or '-'");
        require(path != null && !path.isBlank(), "uri", "must be set (a path or file: URI of the .onnx file)");
        if (path.startsWith("file:")) path = Path.of(URI.create(path)).toString();
        require(!path.contains("://"), "uri", "only local paths and file: URIs are supported (put the file on a volume every TaskManager mounts): " + path);
        if (layout == null) layout = "auto";
        require(layout.matches("auto|yolov8|yolov5|end2end"), "layout", "must be auto, yolov8, yolov5 or end2end");
        require(confidenceThreshold == null || (confidenceThreshold > 0 && confidenceThreshold < 1), "confidence_threshold", "must be in (0, 1)");
        require(iouThreshold == null || (iouThreshold > 0 && iouThreshold <= 1), "iou_threshold", "must be in (0, 1]");
    }

    /** The id in rows and commands. */
    public String id() {
        return name + ":" + version;
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) throw new IllegalArgumentException("model." + field + ": " + message);
    }
}
