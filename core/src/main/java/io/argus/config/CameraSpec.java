package io.argus.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One camera of the cameras file: where its frames come from (for ingest), which models run on it
 * and which labels it keeps (for the job), and its zones and lines (for the action rules).
 *
 * @param fps sampling rate for ingest (0 = every frame)
 * @param models names of the models that run on this camera's frames
 * @param labels labels kept in this camera's results; empty keeps all
 */
public record CameraSpec(String id, String name, String source, double fps, List<String> models, List<String> labels,
        List<Zone> zones, List<Line> lines, Ingest ingest) implements Serializable {

    /**
     * How ingest reads this camera.
     *
     * @param loop start a video file again at its end
     * @param realTime pace a video file at its own speed (else as fast as the broker takes it)
     * @param maxWidth downscale wider frames, keeping aspect (0 = never)
     * @param quality JPEG quality 0..1 of published frames
     * @param startTime capture time of a video file's first frame: 'now' or an ISO-8601 instant
     * @param captureTime for an upload folder: 'exif' (DateTimeOriginal, else file time) or 'file'
     * @param transport for an RTSP stream: how its RTP packets travel
     * @param inputOptions for a stream: further FFmpeg input options (name to value), e.g. timeouts
     */
    public record Ingest(boolean loop, boolean realTime, int maxWidth, double quality, String startTime, String captureTime,
            RtspTransport transport, Map<String, String> inputOptions) implements Serializable {
        public Ingest {
            inputOptions = Map.copyOf(inputOptions);
        }

        public Ingest(boolean loop, boolean realTime, int maxWidth, double quality, String startTime, String captureTime) {
            this(loop, realTime, maxWidth, quality, startTime, captureTime, RtspTransport.TCP, Map.of());
        }

        public static Ingest defaults() {
            return new Ingest(false, false, 0, 0.85, "now", "exif");
        }
    }

    /**
     * How an RTSP camera sends its RTP packets. TCP (interleaved in the RTSP connection) passes
     * firewalls and loses nothing; many cameras and NVRs offer only UDP, some only TCP.
     */
    public enum RtspTransport {
        /** RTP inside the RTSP TCP connection (the default). */
        TCP,
        /** RTP over UDP. */
        UDP,
        /** FFmpeg's choice: UDP first, then TCP. */
        AUTO;

        /** The value as written in the cameras file. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A polygon in normalised frame coordinates (0..1). */
    public record Zone(String name, List<Point> polygon) implements Serializable {}

    /** A directed segment in normalised coordinates; crossing it from left to right of from->to is "A->B". */
    public record Line(String name, Point from, Point to) implements Serializable {}

    /** A point in normalised coordinates. */
    public record Point(double x, double y) implements Serializable {}
}
