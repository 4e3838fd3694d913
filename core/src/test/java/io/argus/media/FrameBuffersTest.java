package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBuffersTest {
    private static List<Long> ids(FrameBuffers b, String camera) {
        FrameRing r = b.ring(camera);
        return r == null ? List.of() : r.range(Long.MIN_VALUE, Long.MAX_VALUE).stream().map(BufferedFrame::frameId).toList();
    }

    @Test
    void theSharedBudgetGivesUpTheEarliestArrivalsWhicheverCameraHoldsThem() {
        // Per camera: 60 s and 1000 bytes; all cameras together: 100 bytes.
        FrameBuffers b = new FrameBuffers(60_000, 1000, 100);
        b.add("quiet", 0, 1, new byte[30]);    // arrival 0
        b.add("quiet", 100, 2, new byte[30]);  // arrival 1
        b.add("busy", 5000, 1, new byte[30]);  // arrival 2: 90 bytes
        b.add("busy", 5100, 2, new byte[30]);  // arrival 3: 120 > 100, quiet's frame 1 (arrival 0) goes
        assertThat(ids(b, "quiet")).containsExactly(2L);
        assertThat(ids(b, "busy")).containsExactly(1L, 2L);
        assertThat(b.bytes()).isEqualTo(90);
        b.add("busy", 5200, 3, new byte[50]);  // 140: quiet's frame 2 (30) then busy's frame 1 (30) go -> 80
        assertThat(ids(b, "quiet")).isEmpty();
        assertThat(ids(b, "busy")).containsExactly(2L, 3L);
        assertThat(b.bytes()).isEqualTo(80);
        assertThat(b.givenUpForBudget()).isEqualTo(3);
    }

    @Test
    void framesThatAgeOutOrPassTheCameraBoundAreNotCountedAsGivenUpAndFreeTheBudget() {
        FrameBuffers b = new FrameBuffers(1000, 50, 100);
        b.add("a", 0, 1, new byte[30]);
        b.add("a", 2000, 2, new byte[30]); // frame 1 is 2 s behind: aged out
        assertThat(b.bytes()).isEqualTo(30);
        b.add("a", 2100, 3, new byte[30]); // 60 > 50 per camera: frame 2 goes
        assertThat(ids(b, "a")).containsExactly(3L);
        assertThat(b.bytes()).isEqualTo(30);
        assertThat(b.givenUpForBudget()).isZero();
    }

    @Test
    void aFrameLargerThanTheBudgetIsNotKept() {
        FrameBuffers b = new FrameBuffers(60_000, 1000, 100);
        b.add("a", 0, 1, new byte[40]);
        b.add("a", 10, 2, new byte[101]);
        assertThat(ids(b, "a")).isEmpty();
        assertThat(b.bytes()).isZero();
    }

    @Test
    void aBudgetThatCannotFitTheHeapIsRefusedNamingTheOption() {
        MediaOptions o = MediaOptions.builder().dir("media").snapshotMinIntervalMs(0).preRollMs(0).postRollMs(0).encoders(List.of("mpeg4"))
                .bufferMaxAgeMs(60_000).bufferBudgetBytes(192L << 20).maxPending(1).writeRetries(0).retentionMaxAgeMs(0)
                .retentionMaxBytesPerCamera(0).retentionIntervalMs(60_000).build();
        o.requireFits(2, 1000L << 20, "slots", "heap"); // 384 mb of 500 mb: fits
        assertThatThrownBy(() -> o.requireFits(3, 1000L << 20, "taskmanager.numberOfTaskSlots", "heap"))
                .hasMessageContaining("argus.media.buffer.max-bytes-per-subtask: 192 mb x 3 media subtasks per process (taskmanager.numberOfTaskSlots) = 576 mb")
                .hasMessageContaining("166 mb or less");
    }
}
