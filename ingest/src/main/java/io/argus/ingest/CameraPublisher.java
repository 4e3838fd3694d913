package io.argus.ingest;

import io.argus.envelope.FrameEnvelope;
import java.awt.image.BufferedImage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Everything one camera needs to publish: downscaling, JPEG encoding, frame ids, the shared
 * producer, its counters and its status. One per camera, used by that camera's thread.
 */
public final class CameraPublisher implements AutoCloseable {
    private final String cameraId;
    private final FramePublisher publisher;
    private final FrameIdAllocator ids;
    private final JpegEncoder encoder;
    private final int maxWidth;
    private final CameraStatusListener status;

    final AtomicLong read = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong lastCaptureTs = new AtomicLong();
    final AtomicReference<String> state = new AtomicReference<>("starting");
    final AtomicReference<String> lastProblem = new AtomicReference<>();

    /** Told when a camera's status changes and when frames flow (for the cameras table). */
    public interface CameraStatusListener {
        void status(String cameraId, String status, String detail);

        void seen(String cameraId, long captureTs);

        CameraStatusListener NONE = new CameraStatusListener() {
            @Override
            public void status(String cameraId, String status, String detail) {}

            @Override
            public void seen(String cameraId, long captureTs) {}
        };
    }

    public CameraPublisher(String cameraId, FramePublisher publisher, FrameIdAllocator ids, int maxWidth, float quality,
            CameraStatusListener status) {
        this.cameraId = cameraId;
        this.publisher = publisher;
        this.ids = ids;
        this.encoder = new JpegEncoder(quality);
        this.maxWidth = maxWidth;
        this.status = status;
    }

    public String cameraId() {
        return cameraId;
    }

    /** Downscale if needed, encode, give it the next frame id and publish it. */
    public Future<RecordMetadata> publishImage(BufferedImage img, long captureTs) throws Exception {
        return publishImage(img, captureTs, ids.next());
    }

    /** As {@link #publishImage(BufferedImage, long)} with a given frame id. */
    public Future<RecordMetadata> publishImage(BufferedImage img, long captureTs, long frameId) throws Exception {
        if (maxWidth > 0 && img.getWidth() > maxWidth) img = VideoFileCamera.downscale(img, maxWidth);
        byte[] jpeg = encoder.encode(img);
        return publishJpeg(jpeg, img.getWidth(), img.getHeight(), captureTs, frameId);
    }

    /** Publishes JPEG bytes as they are, with a given frame id (stills keep their original encoding). */
    public Future<RecordMetadata> publishJpeg(byte[] jpeg, int width, int height, long captureTs, long frameId) {
        Future<RecordMetadata> f = publisher.publish(
                new FrameEnvelope(cameraId, frameId, captureTs, width, height, FrameEnvelope.CONTENT_TYPE_JPEG), jpeg);
        published.incrementAndGet();
        lastCaptureTs.set(captureTs);
        status.seen(cameraId, captureTs);
        return f;
    }

    public long nextFrameId() {
        return ids.next();
    }

    /** Frames handed to the producer so far. */
    public long published() {
        return published.get();
    }

    /** Frames that could not be used so far. */
    public long droppedCount() {
        return dropped.get();
    }

    public int maxWidth() {
        return maxWidth;
    }

    public void frameRead() {
        read.incrementAndGet();
    }

    /** A frame that could not be used (corrupt file, unreadable image): counted and reported, never fatal. */
    public void dropped(String why) {
        dropped.incrementAndGet();
        lastProblem.set(why);
    }

    public void state(String newState, String detail) {
        String old = state.getAndSet(newState);
        if (!newState.equals(old)) status.status(cameraId, newState, detail);
        if (detail != null) lastProblem.set(detail);
    }

    public String state() {
        return state.get();
    }

    @Override
    public void close() {
        encoder.close();
        ids.close();
    }
}
