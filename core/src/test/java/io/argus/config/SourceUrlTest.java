package io.argus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceUrlTest {
    private static final Map<String, String> ENV = Map.of("CAM_DOOR_PASSWORD", "s3cr:t@x", "HOST", "10.0.0.7");

    @Test
    void referencesAreExpandedFromTheEnvironmentAndFiles(@TempDir Path dir) throws Exception {
        assertThat(SourceUrl.expand("rtsp://argus:${CAM_DOOR_PASSWORD}@${HOST}:554/stream1", "door", ENV::get))
                .isEqualTo("rtsp://argus:s3cr:t@x@10.0.0.7:554/stream1");
        Path secret = Files.writeString(dir.resolve("door"), "from-a-file\nsecond line ignored\n");
        assertThat(SourceUrl.expand("rtsp://argus:${file:" + secret + "}@cam/1", "door", ENV::get)).isEqualTo("rtsp://argus:from-a-file@cam/1");
        assertThat(SourceUrl.expand("assets/media/vtest.avi", "demo", ENV::get)).isEqualTo("assets/media/vtest.avi");
    }

    @Test
    void aMissingReferenceNamesTheCameraAndTheReferenceNeverAValue() {
        assertThatThrownBy(() -> SourceUrl.expand("rtsp://u:${NOPE}@h/", "door", ENV::get))
                .hasMessage("camera 'door': source: environment variable NOPE is not set");
        assertThatThrownBy(() -> SourceUrl.expand("rtsp://u:${file:/no/such/file}@h/", "door", ENV::get))
                .hasMessageStartingWith("camera 'door': source: cannot read /no/such/file for ${file:/no/such/file}");
        assertThatThrownBy(() -> SourceUrl.expand("rtsp://u:${a b}@h/", "door", ENV::get)).hasMessageContaining("${a b} is neither");
    }

    @Test
    void passwordsAreRedactedInUrlsAndScrubbedFromMessages() {
        assertThat(SourceUrl.redact("rtsp://argus:s3cr:t@x@10.0.0.7:554/stream1")).isEqualTo("rtsp://argus:***@10.0.0.7:554/stream1");
        assertThat(SourceUrl.redact("rtsp://argus:${CAM_DOOR_PASSWORD}@cam/1")).isEqualTo("rtsp://argus:***@cam/1");
        assertThat(SourceUrl.redact("rtsp://cam/1")).isEqualTo("rtsp://cam/1");
        assertThat(SourceUrl.redact("rtsp://user@cam/1")).isEqualTo("rtsp://user@cam/1");
        assertThat(SourceUrl.redact("assets/media/vtest.avi")).isEqualTo("assets/media/vtest.avi");
        String url = "rtsp://argus:p%40ss@10.0.0.7/1";
        assertThat(SourceUrl.password(url)).isEqualTo("p%40ss");
        assertThat(SourceUrl.scrub("Could not open input \"rtsp://argus:p%40ss@10.0.0.7/1\" (password p@ss)", url))
                .isEqualTo("Could not open input \"rtsp://argus:***@10.0.0.7/1\" (password ***)");
    }
}
