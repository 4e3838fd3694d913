package io.argus.udf.scene;

import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import io.argus.tracking.EventJson;

/** An episode or action on its way to the events topic: its camera (the key), time and JSON. A Flink POJO. */
public class SceneEvent {
    public String cameraId;
    public long ts;
    public String json;

    public SceneEvent() {}

    public static SceneEvent of(Episode e) {
        SceneEvent s = new SceneEvent();
        s.cameraId = e.cameraId;
        s.ts = e.endedAt;
        s.json = EventJson.of(e);
        return s;
    }

    public static SceneEvent of(Action a) {
        SceneEvent s = new SceneEvent();
        s.cameraId = a.cameraId;
        s.ts = a.ts;
        s.json = EventJson.of(a);
        return s;
    }
}
