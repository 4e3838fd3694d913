package io.argus.udf.media;

import io.argus.media.MediaLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The media root through Flink's FileSystem API: a local folder by default, any scheme Flink has a
 * file system for (s3://, gs://, hdfs://, with its plugin) when configured. Files are written under
 * a temporary name and renamed, so a reader never sees half a JPEG or MP4; a replay overwrites.
 */
public final class MediaStore {
    private final String root;

    public MediaStore(String root) {
        this.root = root;
    }

    public String root() {
        return root;
    }

    /** The absolute URI of a file given its path relative to the root, e.g. file:/data/media/... or s3://bucket/... */
    public String uri(String relative) throws IOException {
        Path p = new Path(MediaLayout.join(root, relative));
        return p.makeQualified(p.getFileSystem()).toUri().toString();
    }

    public long write(String relative, byte[] bytes) throws IOException {
        return write(relative, out -> out.write(bytes));
    }

    /** Copies a local file (an encoded clip) into the store. */
    public long copy(String relative, java.nio.file.Path local) throws IOException {
        return write(relative, out -> {
            try (InputStream in = Files.newInputStream(local)) {
                in.transferTo(out);
            }
        });
    }

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private long write(String relative, Body body) throws IOException {
        Path target = new Path(MediaLayout.join(root, relative));
        FileSystem fs = target.getFileSystem();
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
            body.writeTo(out);
        }
        if (fs.exists(target)) fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        return fs.getFileStatus(target).getLen();
    }

    /** Deletes a file by its URI; a file already gone counts as deleted; a file outside the root is refused. */
    public void delete(String uri) throws IOException {
        String rootUri = uri("");
        if (!MediaLayout.under(rootUri, uri)) throw new IOException("refused to delete " + uri + ": not under the media root " + rootUri);
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem();
        if (fs.exists(p) && !fs.delete(p, false) && fs.exists(p)) throw new IOException("could not delete " + uri);
    }

    /** Deletes an episode's folder once it is empty (best effort: a folder that cannot go is harmless). */
    public void deleteFolderIfEmpty(String uriOfAFileInIt) {
        try {
            Path dir = new Path(uriOfAFileInIt).getParent();
            FileSystem fs = dir.getFileSystem();
            var listing = fs.listStatus(dir);
            if (listing != null && listing.length == 0) fs.delete(dir, false);
        } catch (IOException ignored) {
            // left for a later run
        }
    }
}
