package io.argus.inference;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One detector per model and session settings per JVM (a TaskManager), shared by every slot and
 * subtask that asks for it, reference-counted, closed when the last user releases it.
 * A model load costs seconds and hundreds of MB; never do it per subtask or per record.
 */
public final class SharedDetectors {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDetectors.class);

    private static final class Entry {
        final OnnxDetector detector;
        int refs;

        Entry(OnnxDetector d) {
            this.detector = d;
        }
    }

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private SharedDetectors() {}

    public static synchronized OnnxDetector acquire(InferenceOptions options) {
        Entry e = ENTRIES.get(options.sessionKey());
        if (e == null) {
            e = new Entry(new OnnxDetector(options));
            ENTRIES.put(options.sessionKey(), e);
        }
        e.refs++;
        LOG.debug("detector {} acquired ({} users)", options.modelName(), e.refs);
        return e.detector;
    }

    public static synchronized void release(OnnxDetector detector) {
        String key = detector.options().sessionKey();
        Entry e = ENTRIES.get(key);
        if (e == null || e.detector != detector) return;
        if (--e.refs == 0) {
            ENTRIES.remove(key);
            detector.close();
            LOG.info("detector {} closed (last user released it)", detector.modelName());
        }
    }

    /**
     * Forgets a detector whose model call hangs, without closing it (a thread is still inside it): the next
     * {@link #acquire} loads a fresh session; releases of the abandoned one are ignored.
     */
    public static synchronized void abandon(OnnxDetector detector) {
        String key = detector.options().sessionKey();
        Entry e = ENTRIES.get(key);
        if (e != null && e.detector == detector) {
            ENTRIES.remove(key);
            LOG.warn("detector {} abandoned (a model call hangs); the next user loads a fresh session", detector.modelName());
        }
    }

    /** How many users hold the detector for these options (0 when none is loaded). */
    public static synchronized int users(InferenceOptions options) {
        Entry e = ENTRIES.get(options.sessionKey());
        return e == null ? 0 : e.refs;
    }
}
