package io.argus.vision;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes JPEG (and, for stills given to {@code ./argus detect}, PNG) bytes into an image. */
public final class ImageDecoder {
    static {
        // No disk cache: decoding from memory, and many threads decode at once.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /** @throws IOException with a message that says why, when the bytes are not a decodable image */
    public static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            // Some corrupt streams make the JDK decoder throw unchecked exceptions.
            throw new IOException("corrupt image: " + e, e);
        }
        if (img == null) throw new IOException("not a decodable image (" + bytes.length + " bytes)");
        return img;
    }

    public static BufferedImage read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }
}
