package io.argus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamerasFileTest {
    @TempDir
    Path dir;

    private CamerasFile load(String yaml) throws Exception {
        Path f = dir.resolve("cameras.yaml");
        Files.writeString(f, yaml);
        return CamerasFile.load(f);
    }

    private static final String GOOD = """
            models:
              fast: {path: models/a.onnx}
              strict: {path: /abs/b.onnx, layout: yolov8, confidence-threshold: 0.6}
            cameras:
              - id: entrance
                name: Front entrance
                source: media/vtest.avi
                fps: 2
                loop: true
                quality: 0.7
                models: [fast, strict]
                labels: [person]
                zones: [{name: door, polygon: [[0.1, 0.5], [0.4, 0.5], [0.4, 1], [0.1, 1]]}]
                lines: [{name: threshold, from: [0, 0.6], to: [1, 0.6]}]
              - id: yard
            """;

    @Test
    void readsModelsCamerasZonesAndLines() throws Exception {
        CamerasFile c = load(GOOD);
        assertThat(c.models().keySet()).as("in the file's order").containsExactly("fast", "strict");
        assertThat(c.models().get("fast").path()).isEqualTo(dir.resolve("models/a.onnx").toString());
        assertThat(c.models().get("strict").path()).isEqualTo("/abs/b.onnx");
        assertThat(c.models().get("strict").confidenceThreshold()).isEqualTo(0.6);
        assertThat(c.cameraIds()).containsExactly("entrance", "yard");
        CameraSpec e = c.cameras().get(0);
        assertThat(e.fps()).isEqualTo(2);
        assertThat(e.ingest().loop()).isTrue();
        assertThat(e.ingest().quality()).isEqualTo(0.7);
        assertThat(c.cameras().get(1).ingest()).isEqualTo(CameraSpec.Ingest.defaults());
        assertThat(e.zones().get(0).polygon()).hasSize(4).first().isEqualTo(new CameraSpec.Point(0.1, 0.5));
        assertThat(e.lines().get(0).to()).isEqualTo(new CameraSpec.Point(1, 0.6));
        // A camera without 'models' runs every model; without 'labels' keeps every label.
        assertThat(c.cameras().get(1).models()).containsExactly("fast", "strict");
        assertThat(c.camerasRunning("strict")).containsExactly("entrance", "yard");
        assertThat(c.labelAllowLists()).containsOnlyKeys("entrance");
    }

    @Test
    void mistakesNameTheCameraAndTheKey() {
        assertThatThrownBy(() -> load(GOOD.replace("models: [fast, strict]", "models: [fast, slow]")))
                .hasMessageContaining("camera 'entrance': models: unknown model 'slow' (defined: fast, strict)");
        assertThatThrownBy(() -> load(GOOD.replace("fps: 2", "fsp: 2")))
                .hasMessageContaining("camera 'entrance': unknown key 'fsp'");
        assertThatThrownBy(() -> load(GOOD.replace("- id: yard", "- id: entrance")))
                .hasMessageContaining("camera 'entrance': id is used twice");
        assertThatThrownBy(() -> load(GOOD.replace("- id: yard", "- id: \"'; DROP TABLE x\"")))
                .hasMessageContaining("id must match");
        assertThatThrownBy(() -> load(GOOD.replace("[0.4, 1]", "[0.4, 1.5]")))
                .hasMessageContaining("zone 'door': polygon: point [0.4, 1.5] is outside 0..1");
        assertThatThrownBy(() -> load(GOOD.replace("- id: yard", "- name: nameless")))
                .hasMessageContaining("camera #2: 'id' is missing");
        assertThatThrownBy(() -> load(GOOD.replace("confidence-threshold: 0.6", "confidence-threshold: 6")))
                .hasMessageContaining("model 'strict': confidence-threshold must be in (0, 1)");
        assertThatThrownBy(() -> load("cameras: [{id: a}]")).hasMessageContaining("'models' must map");
        assertThatThrownBy(() -> load(GOOD.replace("loop: true", "loop: sometimes"))).hasMessageContaining("camera 'entrance': 'loop' must be true or false");
        assertThatThrownBy(() -> load(GOOD.replace("quality: 0.7", "start-time: yesterday"))).hasMessageContaining("start-time must be 'now' or an ISO-8601");
        assertThatThrownBy(() -> load("models: [\n")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> CamerasFile.load(dir.resolve("nope.yaml"))).hasMessageContaining("cameras file not found");
    }

    @Test
    void rtspCamerasTakeATransportAndFfmpegOptionsNamedMistakesOtherwise() throws Exception {
        CamerasFile f = load("""
                models: {m: {path: m.onnx}}
                cameras:
                  - id: door
                    source: rtsp://argus:${CAM_DOOR_PASSWORD}@192.168.1.64:554/Streaming/Channels/101
                    transport: udp
                    ffmpeg-options: {buffer_size: 1048576, stimeout: "5000000"}
                  - id: yard
                    source: rtsp://192.168.1.65/stream1
                """);
        CameraSpec door = f.cameras().get(0);
        assertThat(door.source()).isEqualTo("rtsp://argus:${CAM_DOOR_PASSWORD}@192.168.1.64:554/Streaming/Channels/101"); // kept as written
        assertThat(door.ingest().transport()).isEqualTo(CameraSpec.RtspTransport.UDP);
        assertThat(door.ingest().inputOptions()).containsEntry("buffer_size", "1048576").containsEntry("stimeout", "5000000");
        assertThat(f.cameras().get(1).ingest().transport()).isEqualTo(CameraSpec.RtspTransport.TCP);

        String head = "models: {m: {path: m.onnx}}\ncameras:\n  - id: door\n";
        assertThatThrownBy(() -> load(head + "    source: rtsp://h/1\n    transport: quic\n"))
                .hasMessageEndingWith("camera 'door': transport must be tcp, udp or auto, not 'quic'");
        assertThatThrownBy(() -> load(head + "    source: media/a.mp4\n    transport: udp\n"))
                .hasMessageEndingWith("camera 'door': transport applies to rtsp:// sources only");
        assertThatThrownBy(() -> load(head + "    source: rtsp://h/1\n    ffmpeg-options: {rtsp_transport: udp}\n"))
                .hasMessageContaining("set the transport with 'transport'");
        assertThatThrownBy(() -> load(head + "    source: rtsp://h/1\n    ffmpeg-options: [a]\n"))
                .hasMessageEndingWith("camera 'door': ffmpeg-options must map FFmpeg input option names to values");
    }
}
