package io.argus.tracking;

import io.argus.config.CameraSpec;
import java.util.List;

/** Point-in-polygon and side-of-line in normalised frame coordinates. */
public final class Geometry {
    private Geometry() {}

    /** Even-odd ray casting; points on an edge may fall either way, which inertia absorbs. */
    public static boolean inside(List<CameraSpec.Point> polygon, double x, double y) {
        boolean in = false;
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            CameraSpec.Point a = polygon.get(i), b = polygon.get(j);
            if ((a.y() > y) != (b.y() > y) && x < (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()) + a.x()) in = !in;
        }
        return in;
    }

    /**
     * Which side of the directed line from->to a point is on: -1 for side A, +1 for side B, 0 on it.
     * In image coordinates (y down), for a line drawn left to right, A is above it and B below.
     */
    public static int side(CameraSpec.Line line, double x, double y) {
        double cross = (line.to().x() - line.from().x()) * (y - line.from().y()) - (line.to().y() - line.from().y()) * (x - line.from().x());
        return cross < 0 ? -1 : cross > 0 ? 1 : 0;
    }
}
