package io.argus.ingest;

import io.argus.retry.Backoff;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of one camera's thread: runs its source until told to stop. When the source fails with
 * an error nobody expected (a bug, a library that throws, memory it could not get), a restartable
 * source (a stream, an upload folder) is run again after a backoff, the failure reported in the
 * camera's status and counted; a video file is not (running it again would publish it twice), it
 * ends in status 'error'.
 */
final class CameraThread implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraThread.class);
    /** A run that lasted this long was healthy: the next failure starts the backoff afresh. */
    static final long HEALTHY_RUN_MS = 60_000;

    private final CameraSource source;
    private final CameraPublisher out;
    private final BooleanSupplier stop;
    private final Backoff backoff;
    final AtomicLong restarts = new AtomicLong();

    CameraThread(CameraSource source, CameraPublisher out, BooleanSupplier stop, Backoff backoff) {
        this.source = source;
        this.out = out;
        this.stop = stop;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        while (!stop.getAsBoolean()) {
            long started = System.currentTimeMillis();
            try {
                source.run(out, stop);
                return; // the source ended (a file without loop) or was stopped
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) throw (Error) e;
                String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (!source.restartable()) {
                    LOG.error("camera {} failed: {}", out.cameraId(), why, e);
                    out.state("error", why);
                    return;
                }
                if (System.currentTimeMillis() - started >= HEALTHY_RUN_MS) backoff.reset();
                long wait = backoff.nextDelayMs();
                restarts.incrementAndGet();
                LOG.error("camera {} failed: {}; restarting it in {} ms (restart {})", out.cameraId(), why, wait, restarts.get(), e);
                out.state("error", why + " (restarting)");
                if (!sleep(wait)) return;
            }
        }
    }

    /** Sleeps, waking early to stop; false when interrupted. */
    private boolean sleep(long ms) {
        long end = System.currentTimeMillis() + ms;
        try {
            while (!stop.getAsBoolean() && System.currentTimeMillis() < end) Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
