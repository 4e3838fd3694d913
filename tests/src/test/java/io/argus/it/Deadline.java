package io.argus.it;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs a step of a test with a deadline that says where it was stuck. A test's own timeout reports only
 * "timed out", and CI keeps only the summary line; this failure names the step and puts the stuck
 * thread's innermost frames (and those of the job's busiest tasks) into that line.
 */
final class Deadline {
    private Deadline() {}

    static <T> T run(String step, Duration limit, Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "deadline: " + step);
        t.setDaemon(true);
        t.start();
        t.join(limit.toMillis());
        if (t.isAlive()) {
            String where = frames(t.getStackTrace(), 8);
            String tasks = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().contains("(1/") || e.getKey().getName().contains("(2/"))
                    .limit(6)
                    .map(e -> e.getKey().getName().replaceAll("\\s*\\(.*", "") + " at " + frames(e.getValue(), 3))
                    .collect(Collectors.joining("; "));
            t.interrupt();
            throw new IllegalStateException(step + " did not end within " + limit.toSeconds() + " s; stuck at " + where
                    + (tasks.isEmpty() ? "" : "; tasks: " + tasks));
        }
        if (failure.get() != null) throw failure.get();
        return result.get();
    }

    private static String frames(StackTraceElement[] stack, int n) {
        return Arrays.stream(stack).limit(n).map(f -> f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName() + ":" + f.getLineNumber())
                .collect(Collectors.joining(" < "));
    }
}
