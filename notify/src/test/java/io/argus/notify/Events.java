package io.argus.notify;

import io.argus.tracking.Action;
import io.argus.tracking.ActionType;
import io.argus.tracking.Episode;
import io.argus.tracking.EpisodeStatus;
import io.argus.tracking.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/** Events as the job writes them to the topic (through its own EventJson), for the tests. */
public final class Events {
    private Events() {}

    public static String episodeJson(String camera, long track, String label, long startedAt, long endedAt, EpisodeStatus status, String... zones) {
        Episode e = new Episode();
        e.cameraId = camera;
        e.modelId = "yolov8n:1";
        e.trackId = track;
        e.label = label;
        e.startedAt = startedAt;
        e.endedAt = endedAt;
        e.status = status;
        e.frames = 10;
        e.peakConfidence = 0.9f;
        e.zones = new TreeSet<>(List.of(zones));
        e.id = Episode.idOf(camera, e.modelId, track, startedAt);
        return EventJson.of(e);
    }

    public static String actionJson(String camera, long track, String label, long ts, ActionType type, String zone, String data) {
        return EventJson.of(Action.of(camera, "yolov8n:1", ts, type, track, label, zone, data));
    }

    public static TopicEvent episode(String camera, long track, String label, long startedAt, long endedAt, EpisodeStatus status, String... zones) {
        return TopicEvent.parse(episodeJson(camera, track, label, startedAt, endedAt, status, zones).getBytes(StandardCharsets.UTF_8));
    }

    public static TopicEvent action(String camera, long track, String label, long ts, ActionType type, String zone, String data) {
        return TopicEvent.parse(actionJson(camera, track, label, ts, type, zone, data).getBytes(StandardCharsets.UTF_8));
    }
}
