package io.argus.tracking;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Crowding: more than {@code crowdingCount} objects of one label inside one zone (as {@link ZoneRule}
 * says) for {@code crowdingMs}, reported once per crowd (track 0: a zone, not one object).
 */
final class CrowdingRule implements SceneRule {
    private static final long serialVersionUID = 1L;

    private static final class State implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        long since = Long.MIN_VALUE;
        boolean reported;
    }

    private final String cameraId;
    private final String modelId;
    private final ZoneRule zones;
    private final Map<String, State> crowds = new HashMap<>();
    /** This frame's objects per zone and label; filled by onObject, emptied at the frame's end. */
    private transient Map<String, Integer> counts;

    CrowdingRule(String cameraId, String modelId, ZoneRule zones) {
        this.cameraId = cameraId;
        this.modelId = modelId;
        this.zones = zones;
    }

    @Override
    public void onObject(Sighting o, List<Action> out) {
        if (counts == null) counts = new HashMap<>();
        Map<String, Integer> c = counts;
        zones.forEachInside(o.object().trackId(), zone -> c.merge(zone + "\u0000" + o.label(), 1, Integer::sum));
    }

    @Override
    public void onFrameEnd(long ts, CameraScene.Options options, List<Action> out) {
        Map<String, Integer> now = counts == null ? Map.of() : counts;
        Set<String> keys = new HashSet<>(crowds.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            int n = now.getOrDefault(k, 0);
            State c = crowds.computeIfAbsent(k, x -> new State());
            if (n <= options.crowdingCount()) {
                crowds.remove(k);
                continue;
            }
            if (c.since == Long.MIN_VALUE) c.since = ts;
            if (!c.reported && ts - c.since >= options.crowdingMs()) {
                c.reported = true;
                String[] zl = k.split("\u0000", 2);
                out.add(Action.of(cameraId, modelId, ts, ActionType.CROWDING, 0, zl[1], zl[0],
                        String.format(Locale.ROOT, "{\"count\":%d,\"since\":%d}", n, c.since)));
            }
        }
        counts = null;
    }

    @Override
    public void forget(long trackId) {}

    @Override
    public void clear() {
        crowds.clear();
    }
}
