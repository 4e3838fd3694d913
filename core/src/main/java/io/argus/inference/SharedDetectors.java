package io.argus.inference;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
        /** The session keys that name it: its options', and with the file's version where they left it out. */
        final Set<String> keys = new HashSet<>();
        int refs;

        Entry(OnnxDetector d) {
            this.detector = d;
        }
    }

    private static final Map<String, Entry> ENTRIES = new HashMap<>();
    /** Model sessions opened in this JVM so far (for tests: a local run opens each model once). */
    private static long opened;

    private SharedDetectors() {}

    public static synchronized OnnxDetector acquire(InferenceOptions options) {
        String key = options.sessionKey();
        Entry e = ENTRIES.get(key);
        if (e == null) {
            OnnxDetector d = new OnnxDetector(options);
            opened++;
            // Options that leave the version to the model file and options that state the file's version are
            // the same session: the job loads its models with the former before submitting, its tasks ask with
            // the latter (the model book's definitions), and a local run must not hold the model twice.
            String stated = statedVersionKey(options, d.version());
            e = ENTRIES.get(stated);
            if (e != null) {
                d.close();
            } else {
                e = new Entry(d);
                e.keys.add(stated);
                ENTRIES.put(stated, e);
            }
            e.keys.add(key);
            ENTRIES.put(key, e);
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
            e.keys.forEach(ENTRIES::remove);
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
            e.keys.forEach(ENTRIES::remove);
            LOG.warn("detector {} abandoned (a model call hangs); the next user loads a fresh session", detector.modelName());
        }
    }

    /** The session key of these options with the model's version stated (theirs when they state one). */
    private static String statedVersionKey(InferenceOptions options, String fileVersion) {
        if (options.modelVersion() != null || fileVersion == null) return options.sessionKey();
        try {
            return options.toBuilder().modelVersion(fileVersion).build().sessionKey();
        } catch (IllegalArgumentException notAVersionTheOptionsTake) {
            return options.sessionKey(); // then no definition can state it either
        }
    }

    /** How many model sessions this JVM has opened so far, shared or not, closed or not. */
    public static synchronized long opened() {
        return opened;
    }

    /** How many users hold the detector for these options (0 when none is loaded). */
    public static synchronized int users(InferenceOptions options) {
        Entry e = ENTRIES.get(options.sessionKey());
        return e == null ? 0 : e.refs;
    }
}
