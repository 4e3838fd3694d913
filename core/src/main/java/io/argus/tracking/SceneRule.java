package io.argus.tracking;

import java.io.Serializable;
import java.util.List;

/**
 * One of a camera's action rules. The scene feeds it every tracked object of a frame, in capture
 * order, then the end of the frame; the rule keeps its own state per track and emits actions.
 */
interface SceneRule extends Serializable {
    /** One tracked object in one frame. */
    void onObject(Sighting s, List<Action> out);

    /** Every object of the frame has been seen. */
    default void onFrameEnd(long ts, CameraScene.Options options, List<Action> out) {}

    /** The track is gone (its episode closed, or it never had one): drop what the rule kept for it. */
    void forget(long trackId);

    /** Nothing is tracked any more. */
    default void clear() {}

    /**
     * What a rule knows of one object in one frame.
     * @param still whether the object is stationary ({@link StationaryRule})
     * @param episode the object's episode, null until it opens (past the debounce)
     */
    record Sighting(String cameraId, String modelId, long ts, TrackedObject object, double footX, double footY, boolean still,
            Episode episode, CameraScene.Options options) {
        String label() {
            return object.detection().label;
        }

        Action action(ActionType type, String zone, String data) {
            return Action.of(cameraId, modelId, ts, type, object.trackId(), label(), zone, data);
        }
    }
}
