package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameIdAllocatorTest {
    @Test
    void idsContinueAfterACleanRestart(@TempDir Path dir) {
        try (FrameIdAllocator a = new FrameIdAllocator(dir, "cam", 10)) {
            assertThat(a.next()).isZero();
            assertThat(a.next()).isEqualTo(1);
        }
        try (FrameIdAllocator b = new FrameIdAllocator(dir, "cam", 10)) {
            assertThat(b.next()).isEqualTo(2);
        }
    }

    @Test
    void aCrashSkipsTheReservedBlockButNeverRepeats(@TempDir Path dir) {
        FrameIdAllocator a = new FrameIdAllocator(dir, "cam", 10);
        for (int i = 0; i < 12; i++) a.next(); // ids 0..11; blocks reserved up to 20
        // No close(): the process died.
        FrameIdAllocator b = new FrameIdAllocator(dir, "cam", 10);
        assertThat(b.next()).isEqualTo(20);
        assertThat(new FrameIdAllocator(dir, "other", 10).next()).isZero(); // per camera
    }
}
