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

    @Test
    void onlyFilesBelowTheRootAreUnderIt() {
        assertThat(MediaLayout.under("file:/data/media", "file:/data/media/cam/2024-03-01/e1/clip.mp4")).isTrue();
        assertThat(MediaLayout.under("file:/data/media/", "file:/data/media/a.jpg")).isTrue();
        assertThat(MediaLayout.under("s3://bucket/argus", "s3://bucket/argus/cam/a.jpg")).isTrue();
        assertThat(MediaLayout.under("file:/data/media", "file:/data/media")).isFalse();
        assertThat(MediaLayout.under("file:/data/media", "file:/data/media-other/a.jpg")).isFalse();
        assertThat(MediaLayout.under("file:/data/media", "file:/data/media/../../etc/passwd")).isFalse();
        assertThat(MediaLayout.under("file:/data/media", "file:/etc/passwd")).isFalse();
        assertThat(MediaLayout.under("file:/data/media", "/data/media/a.jpg")).isFalse();
        assertThat(MediaLayout.under("s3://bucket/argus", "s3://other/argus/a.jpg")).isFalse();
        assertThat(MediaLayout.under("file:/data/media", "not a uri")).isFalse();
    }
}
