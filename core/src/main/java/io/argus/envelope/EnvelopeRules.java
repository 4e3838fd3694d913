package io.argus.envelope;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits a frame record must respect. Defaults are documented in docs/configuration.md.
 *
 * @param maxPayloadBytes largest accepted JPEG, in bytes
 * @param maxFutureSkew how far ahead of the job's clock a capture time may be
 * @param earliestCaptureTs capture times before this are absurd (clock never set)
 * @param maxDimension largest accepted width or height, in pixels
 * @param knownCameras when non-empty, only these camera ids are accepted
 */
public record EnvelopeRules(
        int maxPayloadBytes,
        Duration maxFutureSkew,
        Instant earliestCaptureTs,
        int maxDimension,
        Set<String> knownCameras)
        implements Serializable {

    /** Camera ids become row keys, file names and metric labels: keep them boring. */
    public static final Pattern CAMERA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static EnvelopeRules defaults() {
        return new EnvelopeRules(
                8 * 1024 * 1024, Duration.ofMinutes(5), Instant.parse("2000-01-01T00:00:00Z"), 8192, Set.of());
    }

    public EnvelopeRules {
        if (maxPayloadBytes <= 0) throw new IllegalArgumentException("maxPayloadBytes must be > 0");
        if (maxDimension <= 0) throw new IllegalArgumentException("maxDimension must be > 0");
        knownCameras = Set.copyOf(knownCameras);
    }
}
