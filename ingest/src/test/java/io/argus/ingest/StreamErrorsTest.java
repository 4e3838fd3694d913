package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.config.CameraSpec.RtspTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FFmpeg's messages as it prints them (8.1) for each failure, and the words a person gets. */
class StreamErrorsTest {
    private static final String JAVACV = "avformat_open_input() error -1482175992: Could not open input \"rtsp://h/x\". (Has setFormat() been called?)";

    @Test
    void eachFailureIsSaidInWords() {
        assertThat(StreamErrors.describe(List.of("method SETUP failed: 461 Unsupported transport"), JAVACV, RtspTransport.TCP))
                .isEqualTo("the camera refused RTSP transport tcp (461 Unsupported transport): set 'transport: udp' (or auto) for this camera");
        assertThat(StreamErrors.describe(List.of("method SETUP failed: 461 Unsupported transport"), JAVACV, RtspTransport.UDP))
                .contains("refused RTSP transport udp").contains("'transport: tcp'");
        assertThat(StreamErrors.describe(List.of("method DESCRIBE failed: 401 Unauthorized"), JAVACV, RtspTransport.TCP))
                .startsWith("authentication failed");
        assertThat(StreamErrors.describe(List.of("method DESCRIBE failed: 404 Not Found"), JAVACV, RtspTransport.TCP)).startsWith("no such stream");
        assertThat(StreamErrors.describe(List.of("Connection to tcp://127.0.0.1:9?timeout=5000000 failed: Connection refused"), JAVACV, null))
                .startsWith("nothing answers");
        assertThat(StreamErrors.describe(List.of(), "Connection timed out", RtspTransport.UDP)).contains("try 'transport: tcp'");
        assertThat(StreamErrors.describe(List.of("method DESCRIBE failed: 503 Service Unavailable"), JAVACV, RtspTransport.TCP)).contains("503");
        assertThat(StreamErrors.describe(List.of("something else entirely"), JAVACV, null)).isEqualTo("could not read the stream: something else entirely");
    }
}
