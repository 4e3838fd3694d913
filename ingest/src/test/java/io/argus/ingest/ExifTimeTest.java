package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.TestJpegs;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExifTimeTest {
    @Test
    void readsTheCameraTimeOfARealPhoto() throws Exception {
        // dog.jpg was taken with a Canon PowerShot S95; its EXIF says 2014:09:19 16:08:30.
        byte[] jpeg = Files.readAllBytes(TestAssets.media("dog.jpg"));
        assertThat(ExifTime.captureMillis(jpeg)).hasValue(Instant.parse("2014-09-19T16:08:30Z").toEpochMilli());
    }

    @Test
    void noExifIsEmptyNotAnError() {
        assertThat(ExifTime.captureMillis(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})).isEmpty();
        assertThat(ExifTime.captureMillis(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 100, 'E'})).isEmpty();
    }

    private static byte[] jpegWithExifDateTime(int count, String text) {
        return TestJpegs.withExifDateTime(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, count, text);
    }

    @Test
    void readsAHandMadeExifBlock() {
        assertThat(ExifTime.captureMillis(jpegWithExifDateTime(20, "2026:03:01 12:00:05")))
                .hasValue(Instant.parse("2026-03-01T12:00:05Z").toEpochMilli());
    }

    @Test
    void aCountThatClaimsGigabytesIsIgnoredNotAllocated() {
        // Trusting it would allocate 2 GB (an OutOfMemoryError, which would end the camera's thread).
        assertThat(ExifTime.captureMillis(jpegWithExifDateTime(Integer.MAX_VALUE, "2026:03:01 12:00:05"))).isEmpty();
        assertThat(ExifTime.captureMillis(jpegWithExifDateTime(-5, "2026:03:01 12:00:05"))).isEmpty();
        assertThat(ExifTime.captureMillis(jpegWithExifDateTime(60, "2026:03:01 12:00:05"))).isEmpty(); // runs past the block
    }
}
