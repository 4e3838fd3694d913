package io.argus.config;

import java.io.Serializable;
import java.util.List;

/**
 * One camera of the cameras file: where its frames come from (for ingest), which models run on it
 * and which labels it keeps (for the job), and its zones and lines (for the action rules).
 *
 * @param fps sampling rate for ingest (0 = every frame)
 * @param models names of the models that run on this camera's frames
 * @param labels labels kept in this camera's results; empty keeps all
 */
public record CameraSpec(String id, String name, String source, double fps, List<String> models, List<String> labels,
        List<Zone> zones, List<Line> lines) implements Serializable {

    /** A polygon in normalised frame coordinates (0..1). */
    public record Zone(String name, List<Point> polygon) implements Serializable {}

    /** A directed segment in normalised coordinates; crossing it from left to right of from->to is "A->B". */
    public record Line(String name, Point from, Point to) implements Serializable {}

    /** A point in normalised coordinates. */
    public record Point(double x, double y) implements Serializable {}
}
