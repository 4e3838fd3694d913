package io.argus.tracking;

import io.argus.config.CameraSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Zone entry and exit (after {@code zoneInertia} frames in a row on the new side; not for still
 * objects, whose boxes jitter across edges), loitering (in a zone longer than {@code loiterMs}, still
 * or not), and the zones an episode visited.
 */
final class ZoneRule implements SceneRule {
    private static final long serialVersionUID = 1L;

    private static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        boolean inside;
        int streak;
        long enteredAt;
        boolean loiterReported;
    }

    private final List<CameraSpec.Zone> zones;
    private final Map<Long, Map<String, State>> tracks = new HashMap<>();

    ZoneRule(List<CameraSpec.Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    @Override
    public void onObject(Sighting o, List<Action> out) {
        Map<String, State> mine = tracks.computeIfAbsent(o.object().trackId(), k -> new HashMap<>());
        Episode episode = o.episode();
        for (CameraSpec.Zone z : zones) {
            State zs = mine.computeIfAbsent(z.name(), k -> new State());
            boolean in = Geometry.inside(z.polygon(), o.footX(), o.footY());
            if (in != zs.inside) {
                zs.streak++;
                if (zs.streak >= o.options().zoneInertia()) {
                    zs.inside = in;
                    zs.streak = 0;
                    if (in) {
                        zs.enteredAt = o.ts();
                        zs.loiterReported = false;
                        if (episode != null) episode.zones.add(z.name());
                    }
                    if (!o.still()) out.add(o.action(in ? ActionType.ZONE_ENTER : ActionType.ZONE_EXIT, z.name(), null));
                }
            } else {
                zs.streak = 0;
            }
            if (zs.inside) {
                if (episode != null) episode.zones.add(z.name());
                // Loitering counts still objects too: someone who stopped in the zone is loitering.
                if (!zs.loiterReported && o.ts() - zs.enteredAt >= o.options().loiterMs()) {
                    zs.loiterReported = true;
                    out.add(o.action(ActionType.LOITERING, z.name(),
                            String.format(Locale.ROOT, "{\"dwell_ms\":%d,\"entered_at\":%d}", o.ts() - zs.enteredAt, zs.enteredAt)));
                }
            }
        }
    }

    /** Each zone the track is inside now (entries confirmed by the inertia), in the cameras file's order. */
    void forEachInside(long trackId, Consumer<String> zone) {
        Map<String, State> mine = tracks.get(trackId);
        if (mine == null) return;
        for (CameraSpec.Zone z : zones) {
            State zs = mine.get(z.name());
            if (zs != null && zs.inside) zone.accept(z.name());
        }
    }

    @Override
    public void forget(long trackId) {
        tracks.remove(trackId);
    }
}
