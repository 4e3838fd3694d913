package io.argus.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own messages (warnings and errors), kept per thread so that a camera that fails can say
 * why in words ({@link StreamErrors}) instead of JavaCV's "Could not open input". Installed once,
 * process-wide, in place of FFmpeg's printing to stderr; the messages also go to this class's log at
 * debug level (they may hold a URL: they are never logged above debug).
 */
final class FfmpegMessages extends LogCallback {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegMessages.class);
    private static final int KEEP = 20;
    private static final ThreadLocal<ArrayDeque<String>> RECENT = ThreadLocal.withInitial(ArrayDeque::new);
    /** Held here: FFmpeg keeps only a native pointer to the callback. */
    private static FfmpegMessages instance;

    private FfmpegMessages() {}

    /** Installs the callback (once). */
    static synchronized void install() {
        if (instance != null) return;
        instance = new FfmpegMessages();
        avutil.setLogCallback(instance);
    }

    @Override
    public void call(int level, BytePointer msg) {
        if (level > avutil.AV_LOG_WARNING) return;
        String s = msg.getString().strip();
        if (s.isEmpty()) return;
        ArrayDeque<String> q = RECENT.get();
        if (q.size() == KEEP) q.removeFirst();
        q.addLast(s);
        if (LOG.isDebugEnabled()) LOG.debug("ffmpeg: {}", s);
    }

    /** Forgets this thread's messages (before an attempt whose failure is to be explained). */
    static void clear() {
        RECENT.get().clear();
    }

    /** This thread's messages since {@link #clear}, oldest first. */
    static List<String> recent() {
        return new ArrayList<>(RECENT.get());
    }
}
