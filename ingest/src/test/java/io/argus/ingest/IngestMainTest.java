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
        assertThatThrownBy(() -> IngestMain.run("--fps", "2")).hasMessage("give either --cameras FILE or --file VIDEO");
        assertThatThrownBy(() -> IngestMain.run("--file", "/no/such.avi")).hasMessageContaining("--file: no video file at /no/such.avi");
        assertThatThrownBy(() -> IngestMain.run("--flie", "x")).hasMessageContaining("unknown flag --flie; did you mean --file?");
        assertThatThrownBy(() -> IngestMain.run("--file", TestAssets.media("vtest.avi").toString(), "--fps", "-1"))
                .hasMessageContaining("--fps must be a non-negative number");
        assertThatThrownBy(() -> IngestMain.run("--file", TestAssets.media("vtest.avi").toString(), "--camera", "a b"))
                .hasMessageContaining("--camera 'a b' must match");
        assertThatThrownBy(() -> IngestMain.run("--config", "cameras.yaml")).hasMessageContaining("did you mean --cameras?");
        assertThatThrownBy(() -> IngestMain.run("--file", "x.avi", "--jdbc-password", "x")).hasMessageContaining("never taken on the command line");
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
        assertThat(IngestMain.run("--cameras", cfg.toString(), "--dry-run", "--camera", "video", "--camera", "folder")).isZero();
        assertThat(IngestMain.run("--cameras", cfg.toString(), "--dry-run")).isEqualTo(1);
        assertThatThrownBy(() -> IngestMain.run("--cameras", cfg.toString(), "--camera", "attic", "--dry-run"))
                .hasMessageContaining("--camera attic: no such camera");
        Files.writeString(cfg, "models: {m: {path: m.onnx}}\ncameras:\n  - {id: x, source: /nowhere/at/all}\n");
        assertThat(IngestMain.run("--cameras", cfg.toString(), "--dry-run")).isEqualTo(1);
    }

    @Test
    void fpsOverridesEveryCameraOfTheFile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("cameras.yaml");
        Files.writeString(cfg, """
                models: {m: {path: m.onnx}}
                cameras:
                  - {id: a, source: %1$s, fps: 5}
                  - {id: b, source: %1$s}
                """.formatted(TestAssets.media("vtest.avi")));
        assertThat(IngestMain.plan(IngestMain.FLAGS.parse(new String[] {"--cameras", cfg.toString()})).cameras())
                .extracting(c -> c.fps()).first().isEqualTo(5.0);
        assertThat(IngestMain.plan(IngestMain.FLAGS.parse(new String[] {"--cameras", cfg.toString(), "--fps", "2"})).cameras())
                .extracting(c -> c.fps()).containsExactly(2.0, 2.0);
    }
}
