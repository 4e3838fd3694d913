package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaLayoutTest {
    @Test
    void cameraThenUtcDayOfTheStartThenEpisode() {
        // 2024-03-01T23:59:59.999Z and one millisecond later.
        assertThat(MediaLayout.folder("front-door", 1_709_337_599_999L, "e1")).isEqualTo("front-door/2024-03-01/e1/");
        assertThat(MediaLayout.folder("front-door", 1_709_337_600_000L, "e1")).isEqualTo("front-door/2024-03-02/e1/");
    }

    @Test
    void joinsRootsWithOneSlash() {
        assertThat(MediaLayout.join("s3://bucket/argus", "a/b.jpg")).isEqualTo("s3://bucket/argus/a/b.jpg");
        assertThat(MediaLayout.join("/data/media/", "a/b.jpg")).isEqualTo("/data/media/a/b.jpg");
    }
}
