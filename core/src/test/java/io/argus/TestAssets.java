package io.argus;

import java.nio.file.Files;
import java.nio.file.Path;

/** The fetched model and sample media; tests fail (never skip) when they are missing. */
public final class TestAssets {
    private TestAssets() {}

    public static Path root() {
        String p = System.getProperty("argus.assets", "assets");
        return Path.of(p);
    }

    public static Path file(String relative) {
        Path f = root().resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("missing test asset " + f.toAbsolutePath() + ": run ./argus fetch-assets");
        }
        return f;
    }

    public static Path model() {
        return file("models/yolov8n.onnx");
    }

    public static Path media(String name) {
        return file("media/" + name);
    }
}
