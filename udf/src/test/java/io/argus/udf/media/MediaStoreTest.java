package io.argus.udf.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaStoreTest {
    @Test
    void deletesUnderItsRootAndRefusesAnythingElse(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("media"));
        MediaStore store = new MediaStore(root.toString());
        store.write("cam/2024-03-01/e1/snapshot.jpg", new byte[] {1});
        Path outside = Files.writeString(dir.resolve("precious.txt"), "keep me");
        String inside = store.uri("cam/2024-03-01/e1/snapshot.jpg");
        store.delete(inside);
        assertThat(root.resolve("cam/2024-03-01/e1/snapshot.jpg")).doesNotExist();
        for (String uri : new String[] {outside.toUri().toString(), store.uri("../precious.txt"), root.toUri() + "../precious.txt"}) {
            assertThatThrownBy(() -> store.delete(uri)).as(uri).isInstanceOf(IOException.class).hasMessageContaining("not under the media root");
        }
        assertThat(outside).hasContent("keep me");
    }
}
