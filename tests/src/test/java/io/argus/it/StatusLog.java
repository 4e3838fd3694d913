package io.argus.it;

import io.argus.ingest.CameraPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every status a camera goes through (online, offline, error), in order. */
final class StatusLog implements CameraPublisher.CameraStatusListener {
    final List<String> states = new CopyOnWriteArrayList<>();

    @Override
    public void status(String cameraId, String status, String detail) {
        states.add(status);
    }

    @Override
    public void seen(String cameraId, long captureTs) {}
}
