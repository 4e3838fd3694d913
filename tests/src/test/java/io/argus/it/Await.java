package io.argus.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds; fails naming what was awaited. */
public final class Await {
    private Await() {}

    public static void until(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            Thread.sleep(50);
        }
    }
}
