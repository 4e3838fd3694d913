package io.argus.envelope;

/**
 * Whether a camera's next frame keeps its frame ids consistent with its capture times.
 *
 * <p>An AI event's key is (camera, frame id, model) plus the capture time, so a camera whose ids
 * start again from 0 (a reset ingest, a second ingest publishing as the same camera) would give two
 * different frames the same id. The rule only looks at the newest frame seen so far:
 * <ul>
 *   <li>a higher id is always accepted (capture times may still go back: event time handles that);</li>
 *   <li>the same id with the same capture time is a re-send of the same frame (ingest after a crash,
 *       a replay): accepted, its rows are upserted onto themselves;</li>
 *   <li>a lower or equal id with a later capture time is a sequence that went backwards: rejected;</li>
 *   <li>a lower id with an earlier or equal capture time is an older frame arriving late: accepted.</li>
 * </ul>
 */
public final class FrameSequence {
    private FrameSequence() {}

    /** @return null when accepted, else why not. */
    public static String check(long newestId, long newestTs, long frameId, long captureTs) {
        if (frameId > newestId) return null;
        if (frameId == newestId && captureTs == newestTs) return null;
        if (captureTs > newestTs) {
            return "frame id " + frameId + " captured at " + captureTs + " is not after frame id " + newestId
                    + " captured earlier at " + newestTs + " (the camera's ids went backwards)";
        }
        if (frameId == newestId) {
            return "frame id " + frameId + " was already used for the frame captured at " + newestTs;
        }
        return null;
    }

    /** Whether an accepted frame becomes the newest one. */
    public static boolean advances(long newestId, long frameId) {
        return frameId > newestId;
    }
}
