package io.argus.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Frame ids for one camera that only go up, across restarts and crashes. Ids are reserved in
 * blocks: the file records the end of the current block before any id of it is used, so a crash
 * restarts after the block (a gap, never a repeat); a clean {@link #close()} records the exact next id.
 */
public final class FrameIdAllocator implements AutoCloseable {
    private final Path file;
    private final long block;
    private long next;
    private long reservedUpTo;

    public FrameIdAllocator(Path stateDir, String cameraId, long block) {
        this.file = stateDir.resolve(cameraId + ".frame-id");
        this.block = block;
        try {
            Files.createDirectories(stateDir);
            this.next = Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read frame id state " + file + ": " + e.getMessage(), e);
        }
        this.reservedUpTo = next;
    }

    /** The next frame id. */
    public synchronized long next() {
        if (next >= reservedUpTo) {
            reservedUpTo = next + block;
            write(reservedUpTo);
        }
        return next++;
    }

    @Override
    public synchronized void close() {
        write(next);
        reservedUpTo = next;
    }

    private void write(long v) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(v));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write frame id state " + file, e);
        }
    }
}
