package io.argus.ingest;

import io.argus.config.CameraSpec;
import io.argus.config.SourceUrl;
import io.argus.retry.Backoff;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Where a camera's frames come from: a video file, a network stream, or an upload folder of stills. */
public interface CameraSource {

    /** Reads frames and publishes them until {@code stop} says so or the source ends. */
    void run(CameraPublisher out, BooleanSupplier stop) throws Exception;

    /**
     * Whether running it again after a failure is safe: it publishes nothing twice (a stream starts at
     * the live edge, a folder's ledger knows what it sent). A video file is not: it would start over.
     */
    default boolean restartable() {
        return true;
    }

    /** Checks the source can be opened, without publishing (for --dry-run). Returns what it found. */
    String probe() throws Exception;

    /**
     * The source a camera's {@code source} names: a URL (rtsp, rtsp, http, https, udp, tcp) is a stream,
     * a folder is an upload folder, a file is a video. Relative paths resolve against {@code base}.
     */
    static CameraSource of(CameraSpec c, Path base, Path stateDir) {
        String s = c.source();
        if (s == null || s.isBlank()) throw new IllegalArgumentException("camera '" + c.id() + "': 'source' is missing");
        if (s.matches("^(rtsp|rtsps|rtmp|http|https|udp|tcp|srt)://.*")) {
            String url = SourceUrl.expand(s, c.id()); // ${ENV} and ${file:...}: a missing one fails at start
            try {
                URI.create(url); // fails early on a malformed URL
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("camera '" + c.id() + "': source " + SourceUrl.redact(s) + " is not a valid URL"
                        + " (characters such as @ : / in a password must be percent-encoded: %40 %3A %2F)");
            }
            return new StreamSource(url, c.fps(), c.ingest().transport(), c.ingest().inputOptions(), Backoff.defaults());
        }
        Path p = Path.of(s);
        if (!p.isAbsolute() && base != null) p = base.resolve(p).normalize();
        if (Files.isDirectory(p)) return new FolderSource(p, c.id(), stateDir, c.ingest().captureTime(), FolderSource.DEFAULT_SETTLE_MS);
        if (Files.isRegularFile(p)) return new VideoFileSource(p, c.fps(), c.ingest());
        throw new IllegalArgumentException("camera '" + c.id() + "': source " + SourceUrl.redact(p.toString()) + " is neither a stream URL, a folder nor a file");
    }
}
