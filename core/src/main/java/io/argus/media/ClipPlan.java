package io.argus.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Which frames make an episode's clip and how long it plays: the frames captured from {@code
 * preRollMs} before the episode's start to {@code postRollMs} after its end, each shown until the
 * next one, the last for one typical frame interval. A clip can only hold frames Argus saw: before
 * the camera's first frame, or after a failover emptied the buffer, it starts later.
 */
public record ClipPlan(List<BufferedFrame> frames, long startTs, long durationMs, long frameIntervalMs) {

    public static ClipPlan of(List<BufferedFrame> window, long fallbackIntervalMs) {
        List<BufferedFrame> fs = new ArrayList<>(window.size());
        for (BufferedFrame f : window) {
            // A frame seen twice (a replayed record) plays once.
            if (!fs.isEmpty() && fs.get(fs.size() - 1).frameId() == f.frameId()) continue;
            fs.add(f);
        }
        if (fs.isEmpty()) return new ClipPlan(List.of(), 0, 0, fallbackIntervalMs);
        long interval = medianGap(fs, fallbackIntervalMs);
        long first = fs.get(0).ts(), last = fs.get(fs.size() - 1).ts();
        return new ClipPlan(List.copyOf(fs), first, last - first + interval, interval);
    }

    /** The window of capture times a clip covers. */
    public static long[] window(long startedAt, long endedAt, long preRollMs, long postRollMs) {
        return new long[] {startedAt - preRollMs, endedAt + postRollMs};
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Median of the positive gaps between consecutive frames, or {@code fallbackMs} when there is none. */
    static long medianGap(List<BufferedFrame> fs, long fallbackMs) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < fs.size(); i++) {
            long g = fs.get(i).ts() - fs.get(i - 1).ts();
            if (g > 0) gaps.add(g);
        }
        if (gaps.isEmpty()) return fallbackMs;
        gaps.sort(null);
        return gaps.get(gaps.size() / 2);
    }
}
