package io.argus.tracking;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether an object is still: its foot point within {@code stationaryTolerance} (frame widths) of where
 * it settled for {@code stationaryMs}. Reports {@code stationary} once per place, for objects with an
 * episode. The other rules read its answer ({@link SceneRule.Sighting#still()}).
 */
final class StationaryRule implements SceneRule {
    private static final long serialVersionUID = 1L;

    private static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        double anchorX = Double.NaN, anchorY;
        long stillSince;
        int awayStreak;
        boolean reported;
        double reportedX, reportedY;
    }

    private final Map<Long, State> tracks = new HashMap<>();

    /** Updates the object's stillness and reports it; the sighting's own {@code still} is ignored. @return whether it is still */
    boolean still(Sighting o, List<Action> out) {
        State s = tracks.computeIfAbsent(o.object().trackId(), k -> new State());
        double tolerance = o.options().stationaryTolerance();
        boolean away = !Double.isNaN(s.anchorX) && Math.hypot(o.footX() - s.anchorX, o.footY() - s.anchorY) > tolerance;
        // One box off by more than the tolerance is detector jitter; two in a row is movement.
        s.awayStreak = away ? s.awayStreak + 1 : 0;
        if (Double.isNaN(s.anchorX) || s.awayStreak >= 2) {
            s.anchorX = o.footX();
            s.anchorY = o.footY();
            s.stillSince = o.ts();
            s.awayStreak = 0;
            return false;
        }
        boolean still = o.ts() - s.stillSince >= o.options().stationaryMs();
        // One 'stationary' per place: a parked car whose box jitters past the tolerance and settles
        // again is not news; it must move well away (5x the tolerance) before it can be reported again.
        if (s.reported && Math.hypot(o.footX() - s.reportedX, o.footY() - s.reportedY) > 5 * tolerance) s.reported = false;
        if (still && !s.reported && o.episode() != null) {
            s.reported = true;
            s.reportedX = o.footX();
            s.reportedY = o.footY();
            out.add(o.action(ActionType.STATIONARY, null, String.format(Locale.ROOT, "{\"still_since\":%d}", s.stillSince)));
        }
        return still;
    }

    @Override
    public void onObject(Sighting s, List<Action> out) {
        still(s, out);
    }

    @Override
    public void forget(long trackId) {
        tracks.remove(trackId);
    }
}
