package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestMainTest {
    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> IngestMain.run("--fps", "2")).hasMessage("give either --config FILE or --file VIDEO");
        assertThatThrownBy(() -> IngestMain.run("--file", "/no/such.avi")).hasMessageContaining("--file: no video file at /no/such.avi");
        assertThatThrownBy(() -> IngestMain.run("--flie", "x")).hasMessageContaining("unknown option --flie");
        assertThatThrownBy(() -> IngestMain.run("--file", TestAssets.media("vtest.avi").toString(), "--fps", "-1"))
                .hasMessageContaining("--fps must be a non-negative number");
        assertThatThrownBy(() -> IngestMain.run("--file", TestAssets.media("vtest.avi").toString(), "--camera-id", "a b"))
                .hasMessageContaining("--camera-id 'a b' must match");
    }

    @Test
    void dryRunProbesEverySourceAndFailsOnTheBadOne(@TempDir Path dir) throws Exception {
        Path uploads = Files.createDirectory(dir.resolve("uploads"));
        Path cfg = dir.resolve("cameras.yaml");
        Files.writeString(cfg, """
                models: {m: {path: m.onnx}}
                cameras:
                  - {id: video, source: %s}
                  - {id: folder, source: %s}
                  - {id: stream, source: "http://127.0.0.1:1/nothing.mjpg"}
                """.formatted(TestAssets.media("vtest.avi"), uploads));
        assertThat(IngestMain.run("--config", cfg.toString(), "--dry-run", "--camera", "video", "--camera", "folder")).isZero();
        assertThat(IngestMain.run("--config", cfg.toString(), "--dry-run")).isEqualTo(1);
        assertThatThrownBy(() -> IngestMain.run("--config", cfg.toString(), "--camera", "attic", "--dry-run"))
                .hasMessageContaining("--camera attic: no such camera");
        Files.writeString(cfg, "models: {m: {path: m.onnx}}\ncameras:\n  - {id: x, source: /nowhere/at/all}\n");
        assertThat(IngestMain.run("--config", cfg.toString(), "--dry-run")).isEqualTo(1);
    }
}
