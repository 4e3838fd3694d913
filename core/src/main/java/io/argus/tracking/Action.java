package io.argus.tracking;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Something a rule saw: a zone entered or left, a line crossed, loitering, crowding, a stationary object. A Flink POJO. */
public class Action implements Serializable {
    private static final long serialVersionUID = 1L;

    public String id;
    public String cameraId;
    public String modelId;
    public long ts;
    /** zone_enter | zone_exit | loitering | line_cross | crowding | stationary */
    public ActionType type;
    public long trackId;
    public String label;
    /** The zone or line it happened in or on; null for stationary. */
    public String zone;
    /** Type-specific details as a JSON object, e.g. {"direction":"A->B"}. */
    public String data;

    public Action() {}

    public static Action of(String cameraId, String modelId, long ts, ActionType type, long trackId, String label, String zone, String data) {
        Action a = new Action();
        a.cameraId = cameraId;
        a.modelId = modelId;
        a.ts = ts;
        a.type = type;
        a.trackId = trackId;
        a.label = label;
        a.zone = zone;
        a.data = data;
        a.id = UUID.nameUUIDFromBytes(("action/" + cameraId + "/" + modelId + "/" + type.text() + "/" + trackId + "/" + zone + "/" + ts)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return a;
    }

    @Override
    public String toString() {
        return type.text() + "(" + label + " #" + trackId + (zone == null ? "" : " " + zone) + " @" + ts + (data == null ? "" : " " + data) + ")";
    }
}
