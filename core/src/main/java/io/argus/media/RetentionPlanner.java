package io.argus.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which stored media to delete: everything older than the age limit, then, per camera, the oldest
 * items until what is left fits the size limit. Pure; the result is in deletion order, oldest first.
 */
public final class RetentionPlanner {
    /** One stored item (a snapshot with its thumbnail, or a clip): its row key, camera, time and size. */
    public record Item(String kind, String episodeId, String cameraId, long ts, long bytes) {}

    private RetentionPlanner() {}

    /**
     * @param maxAgeMs items with {@code ts < now - maxAgeMs} go; 0 or less: no age limit
     * @param maxBytesPerCamera a camera's items beyond this total go, oldest first; 0 or less: no size limit
     */
    public static List<Item> plan(List<Item> items, long now, long maxAgeMs, long maxBytesPerCamera) {
        Comparator<Item> oldestFirst = Comparator.comparingLong(Item::ts).thenComparing(Item::kind).thenComparing(Item::episodeId);
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(oldestFirst);
        Set<Item> doomed = new HashSet<>();
        if (maxAgeMs > 0) for (Item i : sorted) if (i.ts() < now - maxAgeMs) doomed.add(i);
        if (maxBytesPerCamera > 0) {
            Map<String, Long> kept = new HashMap<>();
            for (Item i : sorted) if (!doomed.contains(i)) kept.merge(i.cameraId(), i.bytes(), Long::sum);
            for (Item i : sorted) {
                if (doomed.contains(i)) continue;
                long total = kept.get(i.cameraId());
                if (total <= maxBytesPerCamera) continue;
                doomed.add(i);
                kept.put(i.cameraId(), total - i.bytes());
            }
        }
        List<Item> out = new ArrayList<>();
        for (Item i : sorted) if (doomed.contains(i)) out.add(i);
        return out;
    }
}
