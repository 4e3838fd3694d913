package io.argus.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which files of an upload folder were published, kept in an append-only file so each file is
 * published once across restarts. A file is first <em>claimed</em> with its frame id, then marked
 * <em>delivered</em> when the broker has it. After a crash between the two, the file is sent again
 * with the same frame id, which the job's idempotent upsert turns into the same row.
 */
public final class FolderLedger implements AutoCloseable {
    private final Path file;
    private final Map<String, Long> claimed = new LinkedHashMap<>();
    private final Map<String, Boolean> delivered = new HashMap<>();
    private final BufferedWriter out;

    public FolderLedger(Path stateDir, String cameraId) {
        this.file = stateDir.resolve(cameraId + ".files");
        try {
            Files.createDirectories(stateDir);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", 3);
                    if (f.length == 3 && f[0].equals("C")) claimed.put(f[2], Long.parseLong(f[1]));
                    else if (f.length == 3 && f[0].equals("D")) delivered.put(f[2], true);
                }
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read upload-folder ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file's identity: its name, size and modification time (a rewritten file is a new file). */
    public static String key(String name, long size, long mtimeMillis) {
        return name.replace('\t', ' ').replace('\n', ' ') + "|" + size + "|" + mtimeMillis;
    }

    public synchronized boolean isDelivered(String key) {
        return delivered.containsKey(key);
    }

    /** The frame id a file was claimed with but maybe not delivered, or null. */
    public synchronized Long claimedFrameId(String key) {
        return claimed.get(key);
    }

    public synchronized void claim(String key, long frameId) {
        claimed.put(key, frameId);
        append("C\t" + frameId + "\t" + key);
    }

    public synchronized void delivered(String key) {
        delivered.put(key, true);
        append("D\t" + claimed.getOrDefault(key, -1L) + "\t" + key);
    }

    private void append(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write upload-folder ledger " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
