package io.argus.udf.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small pool that does the media operator's blocking work (decode, draw, encode, write) off the
 * task thread, with at most {@code maxPending} jobs queued or running. Each job is retried with
 * backoff; one that still fails is counted and logged, never thrown. Results wait in a queue until
 * the task thread collects them ({@link #poll}), because only that thread may emit records.
 */
public final class MediaWriters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWriters.class);

    /** A job: returns the row to emit, or null for none. */
    public interface Job {
        Object run() throws Exception;
    }

    private final ExecutorService pool;
    private final Semaphore slots;
    private final int maxPending;
    private final int retries;
    private final long backoffMs;
    private final Counter retried;
    private final Queue<Object> done = new ConcurrentLinkedQueue<>();

    public MediaWriters(String name, int threads, int maxPending, int retries, long backoffMs, Counter retried) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.maxPending = maxPending;
        this.slots = new Semaphore(maxPending);
        this.retries = retries;
        this.backoffMs = backoffMs;
        this.retried = retried;
    }

    /**
     * Runs a job. {@code mustRun} jobs (final snapshots, clips) wait for a free slot, which holds the
     * task thread only while the writers are saturated (back-pressure); others are skipped when all
     * slots are busy, and false is returned.
     */
    public boolean submit(String what, Job job, Counter failures, boolean mustRun) throws InterruptedException {
        if (mustRun) slots.acquire();
        else if (!slots.tryAcquire()) return false;
        pool.execute(() -> {
            try {
                Exception last = null;
                for (int attempt = 0; attempt <= retries; attempt++) {
                    try {
                        Object row = job.run();
                        if (row != null) done.add(row);
                        return;
                    } catch (Exception e) {
                        last = e;
                        if (attempt < retries) {
                            retried.inc();
                            Thread.sleep(backoffMs << attempt);
                        }
                    }
                }
                failures.inc();
                LOG.warn("{} failed after {} attempts: {}", what, retries + 1, String.valueOf(last));
            } catch (InterruptedException e) {
                failures.inc();
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failures.inc();
                LOG.warn("{} failed: {}", what, e.toString());
                if (e instanceof VirtualMachineError v) throw v;
            } finally {
                slots.release();
            }
        });
        return true;
    }

    /** Rows of finished jobs, oldest first; empties the queue. */
    public List<Object> poll() {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = done.poll()) != null; ) out.add(o);
        return out;
    }

    /** Waits until no job is queued or running, at most {@code timeoutMs}; true when all are done. */
    public boolean awaitIdle(long timeoutMs) throws InterruptedException {
        if (!slots.tryAcquire(maxPending, timeoutMs, TimeUnit.MILLISECONDS)) return false;
        slots.release(maxPending);
        return true;
    }

    public int pending() {
        return maxPending - slots.availablePermits();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
