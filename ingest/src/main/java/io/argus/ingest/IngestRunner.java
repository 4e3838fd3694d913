package io.argus.ingest;

import io.argus.config.CameraSpec;
import io.argus.retry.Backoff;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the cameras of a cameras file, one thread each, publishing through one shared producer.
 * A camera that fails is marked 'error' and reported, and restarted where that is safe
 * ({@link CameraThread}); the others go on.
 */
public final class IngestRunner implements AutoCloseable {

    private final FramePublisher producer;
    private final Map<String, CameraPublisher> cameras = new LinkedHashMap<>();
    private final Map<String, CameraSource> sources = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, CameraThread> bodies = new LinkedHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long startMillis = System.currentTimeMillis();

    public IngestRunner(List<CameraSpec> specs, Path base, FramePublisher producer, Path stateDir,
            CameraPublisher.CameraStatusListener status) {
        this.producer = producer;
        for (CameraSpec c : specs) {
            sources.put(c.id(), CameraSource.of(c, base, stateDir));
            cameras.put(c.id(), new CameraPublisher(c.id(), producer, new FrameIdAllocator(stateDir, c.id(), 1000),
                    c.ingest().maxWidth(), (float) c.ingest().quality(), status));
        }
    }

    public void start() {
        for (Map.Entry<String, CameraSource> e : sources.entrySet()) {
            CameraPublisher out = cameras.get(e.getKey());
            CameraThread body = new CameraThread(e.getValue(), out, stop::get, Backoff.defaults());
            bodies.put(e.getKey(), body);
            Thread t = new Thread(body, "camera-" + e.getKey());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Waits until every camera has finished (files without loop end; streams and folders run until stopped). */
    public boolean awaitAll(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        for (Thread t : threads) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            t.join(left);
            if (t.isAlive()) return false;
        }
        return true;
    }

    public void stop() {
        stop.set(true);
    }

    /** How often the camera's source was restarted after an unexpected failure. */
    public long restarts(String id) {
        CameraThread body = bodies.get(id);
        return body == null ? 0 : body.restarts.get();
    }

    public CameraPublisher camera(String id) {
        return cameras.get(id);
    }

    /** One line per camera: frames read, sent, dropped, rate, lag behind the wall clock, status. */
    public List<String> progress() {
        List<String> lines = new ArrayList<>();
        double secs = Math.max(0.001, (System.currentTimeMillis() - startMillis) / 1000.0);
        for (CameraPublisher c : cameras.values()) {
            long last = c.lastCaptureTs.get();
            String lag = last == 0 ? "-" : String.format(Locale.ROOT, "%.1f s", (System.currentTimeMillis() - last) / 1000.0);
            String problem = c.lastProblem.get();
            CameraThread body = bodies.get(c.cameraId());
            long restarts = body == null ? 0 : body.restarts.get();
            lines.add(String.format(Locale.ROOT, "%s: %s, read %d, sent %d, dropped %d, %.1f frames/s, lag %s%s%s", c.cameraId(),
                    c.state(), c.read.get(), c.published.get(), c.dropped.get(), c.published.get() / secs, lag,
                    restarts == 0 ? "" : ", restarted " + restarts + "x", problem == null ? "" : " (last problem: " + problem + ")"));
        }
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        for (Thread t : threads) t.join(15_000);
        producer.flush();
        for (CameraPublisher c : cameras.values()) c.close();
    }
}
