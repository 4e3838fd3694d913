package io.argus.udf.scene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenCountsTest {
    @Test
    void totalsFollowEachKeysLatestCounts() {
        OpenCounts c = new OpenCounts();
        c.set("lobby|m", 3, 1);
        c.set("yard|m", 2, 2);
        assertThat(c.tracks()).isEqualTo(5);
        assertThat(c.episodes()).isEqualTo(3);
        c.set("lobby|m", 1, 1); // two tracks of the lobby ended
        assertThat(c.tracks()).isEqualTo(3);
        assertThat(c.episodes()).isEqualTo(3);
        c.set("yard|m", 0, 0); // the yard went idle: forgotten
        assertThat(c.tracks()).isEqualTo(1);
        assertThat(c.episodes()).isEqualTo(1);
        assertThat(c.keys()).isEqualTo(1);
        c.set("attic|m", 0, 0); // a key never seen with nothing open changes nothing
        assertThat(c.tracks()).isEqualTo(1);
        assertThat(c.keys()).isEqualTo(1);
    }
}
