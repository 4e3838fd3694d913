package io.argus.tracking;

import io.argus.config.CameraSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Line crossings with their direction (A->B or B->A): the foot point on the other side for
 * {@code lineInertia} frames in a row. The first sighting only says where an object starts; still
 * objects never cross.
 */
final class LineCrossingRule implements SceneRule {
    private static final long serialVersionUID = 1L;

    private static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        int side;
        int candidate;
        int streak;
    }

    private final List<CameraSpec.Line> lines;
    private final Map<Long, Map<String, State>> tracks = new HashMap<>();

    LineCrossingRule(List<CameraSpec.Line> lines) {
        this.lines = List.copyOf(lines);
    }

    @Override
    public void onObject(Sighting o, List<Action> out) {
        if (o.still()) return;
        Map<String, State> mine = tracks.computeIfAbsent(o.object().trackId(), k -> new HashMap<>());
        for (CameraSpec.Line l : lines) {
            State ls = mine.computeIfAbsent(l.name(), k -> new State());
            int side = Geometry.side(l, o.footX(), o.footY());
            if (side == 0 || side == ls.side) {
                ls.streak = 0;
                continue;
            }
            if (side != ls.candidate) {
                ls.candidate = side;
                ls.streak = 0;
            }
            ls.streak++;
            if (ls.side == 0) {
                ls.side = side; // first sighting: where it starts, not a crossing
                ls.streak = 0;
            } else if (ls.streak >= o.options().lineInertia()) {
                out.add(o.action(ActionType.LINE_CROSS, l.name(), "{\"direction\":\"" + (ls.side < 0 ? "A->B" : "B->A") + "\"}"));
                ls.side = side;
                ls.streak = 0;
            }
        }
    }

    @Override
    public void forget(long trackId) {
        tracks.remove(trackId);
    }
}
