package io.argus.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the notifier has decided so far: which (rule, episode or action) were handled, and when each
 * (rule, camera) last sent. Kept in a file beside the committed offsets, so that a restart neither
 * sends an acknowledged notification again nor forgets a rate limit. Bounded: entries older than
 * {@link #KEEP} of event time, and beyond {@link #MAX_DECIDED} (oldest first), are dropped.
 */
public final class NotifyState {
    /** How long a decision is remembered, in event time: longer than any episode a rule waits for. */
    public static final Duration KEEP = Duration.ofHours(24);
    public static final int MAX_DECIDED = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkedHashMap<String, Long> decided = new LinkedHashMap<>();
    private final Map<String, Long> lastSent = new LinkedHashMap<>();
    private long newest;
    private boolean changed;

    public boolean isDecided(String key) {
        return decided.containsKey(key);
    }

    public void decide(String key, long time) {
        decided.put(key, time);
        changed = true;
        newest = Math.max(newest, time);
        if (decided.size() > MAX_DECIDED) {
            Iterator<String> it = decided.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    /** @return null when nothing was sent for the key */
    public Long lastSent(String key) {
        return lastSent.get(key);
    }

    public void sent(String key, long time) {
        lastSent.put(key, time);
        changed = true;
    }

    /** Forgets what is older than {@link #KEEP} before the newest event time seen. */
    public void prune() {
        long horizon = newest - KEEP.toMillis();
        changed |= decided.values().removeIf(t -> t < horizon);
        changed |= lastSent.values().removeIf(t -> t < horizon);
    }

    public int size() {
        return decided.size() + lastSent.size();
    }

    /** Writes the state if it changed since the last save (to a temporary file, then renamed over the old one). */
    public void saveIfChanged(Path file) throws IOException {
        if (!changed) return;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), Map.of("decided", decided, "lastSent", lastSent, "newest", newest));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        changed = false;
    }

    /** The state saved in {@code file}, or an empty one when there is none. */
    public static NotifyState load(Path file) throws IOException {
        NotifyState s = new NotifyState();
        if (!Files.exists(file)) return s;
        Map<String, Object> m = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        JSON.convertValue(m.get("decided"), new TypeReference<LinkedHashMap<String, Long>>() {}).forEach(s.decided::put);
        JSON.convertValue(m.get("lastSent"), new TypeReference<LinkedHashMap<String, Long>>() {}).forEach(s.lastSent::put);
        s.newest = ((Number) m.get("newest")).longValue();
        return s;
    }
}
