package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.retry.Backoff;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraThreadTest {
    /** A source that fails its first {@code failures} runs with the given error, then runs until stopped. */
    private static final class FailingSource implements CameraSource {
        final AtomicInteger runs = new AtomicInteger();
        final int failures;
        final boolean restartable;
        final Error error;

        FailingSource(int failures, boolean restartable, Error error) {
            this.failures = failures;
            this.restartable = restartable;
            this.error = error;
        }

        @Override
        public void run(CameraPublisher out, BooleanSupplier stop) throws Exception {
            if (runs.incrementAndGet() <= failures) {
                if (error != null) throw error;
                throw new IllegalStateException("decoder blew up");
            }
            out.state("online", null);
            while (!stop.getAsBoolean()) Thread.sleep(5);
        }

        @Override
        public boolean restartable() {
            return restartable;
        }

        @Override
        public String probe() {
            return "test";
        }
    }

    private static CameraPublisher publisher(Path dir) {
        return new CameraPublisher("cam", null, new FrameIdAllocator(dir, "cam", 10), 0, 0.8f, CameraPublisher.CameraStatusListener.NONE);
    }

    @Test
    void aStreamOrFolderThatFailsUnexpectedlyIsRestartedWithBackoffAndReported(@TempDir Path dir) throws Exception {
        FailingSource src = new FailingSource(2, true, new OutOfMemoryError("Java heap space"));
        AtomicBoolean stop = new AtomicBoolean();
        CameraPublisher out = publisher(dir);
        CameraThread body = new CameraThread(src, out, stop::get, new Backoff(10, 20));
        Thread t = new Thread(body);
        t.start();
        long end = System.currentTimeMillis() + 5000;
        while (!"online".equals(out.state()) && System.currentTimeMillis() < end) Thread.sleep(5);
        assertThat(out.state()).isEqualTo("online");
        assertThat(src.runs.get()).isEqualTo(3);
        assertThat(body.restarts.get()).isEqualTo(2);
        assertThat(out.lastProblem.get()).isEqualTo("OutOfMemoryError: Java heap space (restarting)");
        stop.set(true);
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        out.close();
    }

    @Test
    void aVideoFileThatFailsIsNotStartedOverButMarkedError(@TempDir Path dir) throws Exception {
        FailingSource src = new FailingSource(1, false, null);
        CameraPublisher out = publisher(dir);
        CameraThread body = new CameraThread(src, out, () -> false, new Backoff(10, 20));
        body.run(); // returns: the camera ends
        assertThat(src.runs.get()).isEqualTo(1);
        assertThat(body.restarts.get()).isZero();
        assertThat(out.state()).isEqualTo("error");
        assertThat(out.lastProblem.get()).isEqualTo("IllegalStateException: decoder blew up");
        out.close();
    }
}
