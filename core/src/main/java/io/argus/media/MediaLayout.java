package io.argus.media;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where an episode's media live under the media root: {@code <camera>/<day, UTC, of its start>/<episode id>/}
 * holding {@code snapshot.jpg}, {@code thumbnail.jpg} and {@code clip.mp4}. Deterministic from the
 * episode, so a replay overwrites the same files instead of adding new ones. Camera ids are safe path
 * segments (the envelope rules allow only letters, digits, '.', '_' and '-', never a leading dot).
 */
public final class MediaLayout {
    public static final String SNAPSHOT = "snapshot.jpg";
    public static final String THUMBNAIL = "thumbnail.jpg";
    public static final String CLIP = "clip.mp4";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private MediaLayout() {}

    /** The episode's folder, relative to the media root, ending with '/'. */
    public static String folder(String cameraId, long startedAt, String episodeId) {
        return cameraId + "/" + DAY.format(Instant.ofEpochMilli(startedAt)) + "/" + episodeId + "/";
    }

    /** Joins the root (a path or URI such as s3://bucket/argus) and a relative path with exactly one '/'. */
    public static String join(String root, String relative) {
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }

    /**
     * Whether {@code uri} names a file strictly under the media root {@code rootUri} (both absolute URIs
     * such as file:/data/media or s3://bucket/media): same scheme and authority, and a path below the
     * root's after resolving "." and "..". Retention deletes and {@code serve} reads only such files, so
     * a row pointing elsewhere cannot make either touch another file.
     */
    public static boolean under(String rootUri, String uri) {
        try {
            java.net.URI root = new java.net.URI(rootUri).normalize(), u = new java.net.URI(uri).normalize();
            if (root.getScheme() == null || !root.getScheme().equalsIgnoreCase(String.valueOf(u.getScheme()))) return false;
            if (!java.util.Objects.equals(root.getRawAuthority(), u.getRawAuthority())) return false;
            String base = root.getPath() == null ? "" : root.getPath().replaceAll("/+$", "");
            String path = u.getPath();
            return path != null && path.startsWith(base + "/") && path.length() > base.length() + 1 && !path.contains("/../");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
