package io.argus.vision;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the JPEG decoder path: {@code auto}, {@code imageio} or {@code ffmpeg} (option argus.inference.decoder). */
public final class FrameDecoders {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoders.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    public static final String AUTO = "auto";
    public static final String CHOICES = "auto|imageio|ffmpeg";

    private FrameDecoders() {}

    /**
     * The path a choice means on this machine: {@code auto} is FFmpeg when its natives load (it is the
     * faster one; see the benchmarks), else ImageIO. Asking for {@code ffmpeg} where it cannot load
     * fails with the reason rather than quietly running slower. Says once per JVM what was chosen.
     */
    public static String resolve(String choice) {
        String reason = FfmpegJpegDecoder.unavailableReason();
        String resolved = switch (choice) {
            case AUTO -> reason == null ? FfmpegJpegDecoder.NAME : ImageIoFrameDecoder.NAME;
            case ImageIoFrameDecoder.NAME -> ImageIoFrameDecoder.NAME;
            case FfmpegJpegDecoder.NAME -> {
                if (reason != null) throw new IllegalStateException("argus.inference.decoder is ffmpeg, but " + reason);
                yield FfmpegJpegDecoder.NAME;
            }
            default -> throw new IllegalArgumentException("argus.inference.decoder: must be " + CHOICES.replace("|", ", ") + ", not '" + choice + "'");
        };
        if (LOGGED.compareAndSet(false, true)) {
            if (AUTO.equals(choice) && reason != null) {
                LOG.info("JPEG decoder: imageio (argus.inference.decoder=auto; FFmpeg unavailable: {})", reason);
            } else {
                LOG.info("JPEG decoder: {} (argus.inference.decoder={})", resolved, choice);
            }
        }
        return resolved;
    }

    /** A new decoder of a resolved path, for one thread. */
    public static FrameDecoder open(String resolved) {
        return switch (resolved) {
            case FfmpegJpegDecoder.NAME -> new FfmpegJpegDecoder();
            case ImageIoFrameDecoder.NAME -> new ImageIoFrameDecoder();
            default -> throw new IllegalArgumentException("unknown decoder '" + resolved + "' (" + CHOICES + ")");
        };
    }
}
