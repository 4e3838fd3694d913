package io.argus.serve;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media store, read-only: a row's URI becomes a file only when it lies under the media root (after
 * "..", and symbolic links, are resolved). A row pointing anywhere else is refused and logged: a
 * database row must not be able to make the server read another file.
 */
final class MediaFiles {
    private static final Logger LOG = LoggerFactory.getLogger(MediaFiles.class);
    private final Path root;

    MediaFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Optional<Path> resolve(String uri) {
        if (uri == null) return Optional.empty();
        try {
            Path p = (uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri)).toAbsolutePath().normalize();
            if (!p.startsWith(root) || p.equals(root)) return refused(uri);
            if (!Files.isRegularFile(p)) return Optional.empty();
            Path real = p.toRealPath();
            if (!real.startsWith(root.toRealPath())) return refused(uri);
            return Optional.of(real);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException | IOException e) {
            return refused(uri);
        }
    }

    private Optional<Path> refused(String uri) {
        LOG.warn("refused to serve {}: not a file under the media root {}", uri, root);
        return Optional.empty();
    }

    static String contentType(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
        if (n.endsWith(".mp4")) return "video/mp4";
        if (n.endsWith(".png")) return "image/png";
        return "application/octet-stream";
    }
}
