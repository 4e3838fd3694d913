package io.argus.ingest;

import static io.argus.envelope.EnvelopeParser.endsWithEoi;

import io.argus.vision.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An upload folder of stills (the "camera uploads JPEGs over FTP" case). New files are found by a
 * watch plus a periodic rescan, published oldest first, each once across restarts (see
 * {@link FolderLedger}), and only once complete: a file must keep its size and time for
 * {@code settleMs} and, for JPEG, end with its EOI marker. A corrupt or oversized file is skipped,
 * counted and reported; it never stops the camera.
 */
public final class FolderSource implements CameraSource {
    public static final long DEFAULT_SETTLE_MS = 1000;
    /**
     * Larger stills are dropped unread: the job refuses frames over its payload limit
     * ({@code argus.frames.max-payload-bytes}, 8 MB by default), and JPEGs are forwarded as they are.
     */
    public static final long DEFAULT_MAX_STILL_BYTES = io.argus.envelope.EnvelopeRules.defaults().maxPayloadBytes();
    private static final long RESCAN_MS = 1000;

    private final Path dir;
    private final String cameraId;
    private final Path stateDir;
    private final String captureTime;
    private final long settleMs;
    private final long maxStillBytes;

    public FolderSource(Path dir, String cameraId, Path stateDir, String captureTime, long settleMs) {
        this(dir, cameraId, stateDir, captureTime, settleMs, DEFAULT_MAX_STILL_BYTES);
    }

    public FolderSource(Path dir, String cameraId, Path stateDir, String captureTime, long settleMs, long maxStillBytes) {
        this.dir = dir;
        this.cameraId = cameraId;
        this.stateDir = stateDir;
        this.captureTime = captureTime;
        this.settleMs = settleMs;
        this.maxStillBytes = maxStillBytes;
    }

    /** What a scan saw of a file, to tell a finished file from one still being written. */
    private record Seen(long size, long mtime, long sinceMillis) {}

    private record Candidate(Path path, String name, long size, long mtime) {}

    @Override
    public void run(CameraPublisher out, BooleanSupplier stop) throws Exception {
        Map<String, Seen> seen = new HashMap<>();
        try (FolderLedger ledger = new FolderLedger(stateDir, cameraId);
             WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            out.state("online", null);
            while (!stop.getAsBoolean()) {
                long now = System.currentTimeMillis();
                for (Candidate c : scan()) {
                    if (stop.getAsBoolean()) break;
                    String key = FolderLedger.key(c.name(), c.size(), c.mtime());
                    if (ledger.isDelivered(key)) continue;
                    Seen s = seen.get(c.name());
                    if (s == null || s.size() != c.size() || s.mtime() != c.mtime()) {
                        seen.put(c.name(), new Seen(c.size(), c.mtime(), now));
                        continue;
                    }
                    if (now - s.sinceMillis() < settleMs) continue;
                    if (publish(c, key, ledger, out, now - s.sinceMillis())) seen.remove(c.name());
                }
                var k = watch.poll(RESCAN_MS, TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        }
        out.state("offline", "stopped");
    }

    /** @return true when the file is done with (published or skipped for good) */
    private boolean publish(Candidate c, String key, FolderLedger ledger, CameraPublisher out, long stableMs) throws Exception {
        byte[] bytes;
        try {
            bytes = c.size() > maxStillBytes ? null : readAtMost(c.path(), maxStillBytes);
        } catch (IOException e) {
            return false; // moved or still locked: next scan
        }
        if (bytes == null) { // never read whole: a still this large is not a camera's frame
            out.frameRead();
            out.dropped(c.name() + ": " + c.size() + " bytes, more than the " + maxStillBytes + " a still may have");
            ledger.claim(key, -1);
            ledger.delivered(key);
            return true;
        }
        boolean jpeg = isJpeg(c.name());
        if (jpeg && !endsWithEoi(bytes) && stableMs < 10 * settleMs) return false; // maybe still uploading
        out.frameRead();
        BufferedImage img;
        try {
            if (jpeg && !endsWithEoi(bytes)) throw new IOException("truncated JPEG (no EOI marker)");
            // A decompression bomb (its own frame header claims a huge picture) is refused before decoding.
            io.argus.envelope.JpegHeader.Size sof = jpeg ? io.argus.envelope.JpegHeader.size(bytes) : null;
            int max = io.argus.envelope.EnvelopeRules.defaults().maxDimension();
            if (sof != null && (sof.width() > max || sof.height() > max)) {
                throw new IOException("its JPEG frame header says " + sof.width() + "x" + sof.height() + ", beyond " + max + "x" + max);
            }
            img = ImageDecoder.decode(bytes);
        } catch (IOException e) {
            out.dropped(c.name() + ": " + e.getMessage());
            ledger.claim(key, -1);
            ledger.delivered(key);
            return true;
        }
        long ts = c.mtime();
        if (captureTime.equals("exif") && jpeg) {
            OptionalLong exif = ExifTime.captureMillis(bytes);
            if (exif.isPresent()) ts = exif.getAsLong();
        }
        Long claimed = ledger.claimedFrameId(key);
        long id = claimed != null && claimed >= 0 ? claimed : out.nextFrameId();
        if (claimed == null) ledger.claim(key, id);
        if (jpeg && (out.maxWidth() == 0 || img.getWidth() <= out.maxWidth())) {
            out.publishJpeg(bytes, img.getWidth(), img.getHeight(), ts, id).get(); // stills keep their own encoding
        } else {
            out.publishImage(img, ts, id).get();
        }
        ledger.delivered(key);
        return true;
    }

    /** The file's bytes, or null when it holds more than {@code max} (it may have grown since the scan). */
    static byte[] readAtMost(Path p, long max) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return b.length > max ? null : b;
        }
    }

    private List<Candidate> scan() throws IOException {
        List<Candidate> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !isImage(name)) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // gone since the listing
                }
                if (!a.isRegularFile()) continue;
                out.add(new Candidate(p, name, a.size(), a.lastModifiedTime().toMillis()));
            }
        }
        out.sort(Comparator.comparingLong(Candidate::mtime).thenComparing(Candidate::name));
        return out;
    }

    private static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    private static boolean isJpeg(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    @Override
    public String probe() throws IOException {
        if (!Files.isWritable(dir)) throw new IOException("upload folder " + dir + " is not writable");
        return String.format("upload folder %s: %d image files now", dir, scan().size());
    }
}
