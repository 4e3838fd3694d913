package io.argus.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.TestAssets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FFmpeg path against the ImageIO reference on real pictures: same pixels within what two
 * correct JPEG decoders may differ by, bad bytes refused with an IOException, no state leaking from
 * one frame into the next. (The model's detections through both paths: DecoderDetectionsTest.)
 */
class FrameDecoderTest {
    private final ImageIoFrameDecoder imageio = new ImageIoFrameDecoder();
    private final FfmpegJpegDecoder ffmpeg = new FfmpegJpegDecoder();

    @AfterEach
    void close() {
        ffmpeg.close();
    }

    /** The sample JPEGs, plus the PNG stills re-encoded as JPEG (4:2:0, as cameras send). */
    static List<byte[]> realJpegs() throws IOException {
        return List.of(Files.readAllBytes(TestAssets.media("dog.jpg")), Files.readAllBytes(TestAssets.media("person.jpg")),
                jpegOf("astronaut.png"), jpegOf("chelsea.png"));
    }

    static byte[] jpegOf(String png) throws IOException {
        BufferedImage img = LetterboxPreprocessor.toBgr(ImageIO.read(TestAssets.media(png).toFile()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "jpg", out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void ffmpegPixelsMatchImageIoWithinTwoLevels() throws Exception {
        for (byte[] jpeg : realJpegs()) {
            BgrImage ref = copy(imageio.decode(jpeg));
            BgrImage got = ffmpeg.decode(jpeg);
            assertThat(got.width()).isEqualTo(ref.width());
            assertThat(got.height()).isEqualTo(ref.height());
            int n = ref.width() * ref.height() * 3;
            long sum = 0;
            for (int i = 0; i < n; i++) sum += Math.abs((ref.pixels()[i] & 0xFF) - (got.pixels()[i] & 0xFF));
            assertThat(sum / (double) n).as("mean abs difference, %dx%d", ref.width(), ref.height()).isLessThan(2.0);
        }
    }

    @Test
    void ffmpegLetterboxMatchesTheJavaLetterboxWithinTwoLevels() throws Exception {
        LetterboxPreprocessor pre = new LetterboxPreprocessor(640, 640);
        float[] ref = new float[pre.tensorSize()], got = new float[pre.tensorSize()];
        for (byte[] jpeg : realJpegs()) {
            LetterboxGeometry gr = pre.fill(imageio.decode(jpeg), ref, 0);
            Arrays.fill(got, -1f);
            LetterboxGeometry gf = ffmpeg.decodeLetterboxed(jpeg, pre, got, 0);
            assertThat(gf).isEqualTo(gr);
            double sum = 0;
            for (int i = 0; i < ref.length; i++) sum += Math.abs(ref[i] - got[i]);
            assertThat(sum / ref.length * 255).as("mean abs difference in levels, %dx%d", gr.sourceWidth(), gr.sourceHeight())
                    .isLessThan(2.0);
            // The padding is exactly the grey the model expects, in every channel.
            if (gr.padTop() > 0) {
                for (int c = 0; c < 3; c++) assertThat(got[c * 640 * 640]).isEqualTo(114f / 255f);
            }
        }
    }

    @Test
    void badBytesRaiseIoExceptionsOnBothPaths() throws Exception {
        byte[] dog = Files.readAllBytes(TestAssets.media("dog.jpg"));
        byte[] garbage = new byte[2000]; // SOI ... EOI around random bytes, as in the job's bad-frame corpus
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        garbage[3] = (byte) 0xE0;
        garbage[garbage.length - 2] = (byte) 0xFF;
        garbage[garbage.length - 1] = (byte) 0xD9;
        List<byte[]> bad = List.of(Arrays.copyOf(dog, dog.length / 2), Arrays.copyOf(dog, 600), garbage, new byte[0],
                "not a picture".getBytes(StandardCharsets.UTF_8));
        LetterboxPreprocessor pre = new LetterboxPreprocessor(640, 640);
        float[] out = new float[pre.tensorSize()];
        for (FrameDecoder d : List.of(imageio, ffmpeg)) {
            for (byte[] b : bad) {
                assertThatThrownBy(() -> d.decode(b)).as(d.name() + " on " + b.length + " bytes").isInstanceOf(IOException.class);
                assertThatThrownBy(() -> d.decodeLetterboxed(b, pre, out, 0)).as(d.name()).isInstanceOf(IOException.class);
            }
            // And the decoder still works after refusing them.
            assertThat(d.decode(dog).width()).isEqualTo(768);
        }
        assertThatThrownBy(() -> ffmpeg.decode(Arrays.copyOf(dog, dog.length / 2))).hasMessageContaining("truncated JPEG");
    }

    @Test
    void aDecoderReusedForAHundredFramesGivesWhatAFreshOneGives() throws Exception {
        List<byte[]> jpegs = realJpegs();
        byte[] garbage = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0, 3, 9, 9, 9, (byte) 0xFF, (byte) 0xD9};
        LetterboxPreprocessor pre = new LetterboxPreprocessor(640, 640);
        float[] reused = new float[pre.tensorSize()], fresh = new float[pre.tensorSize()];
        for (int i = 0; i < 100; i++) {
            if (i % 17 == 16) {
                assertThatThrownBy(() -> ffmpeg.decode(garbage)).isInstanceOf(IOException.class); // errors leave no state behind
                continue;
            }
            byte[] jpeg = jpegs.get(i % jpegs.size()); // sizes change from frame to frame
            boolean letterbox = i % 2 == 0;
            try (FfmpegJpegDecoder once = new FfmpegJpegDecoder()) {
                if (letterbox) {
                    assertThat(ffmpeg.decodeLetterboxed(jpeg, pre, reused, 0)).isEqualTo(once.decodeLetterboxed(jpeg, pre, fresh, 0));
                    assertThat(Arrays.equals(reused, fresh)).as("tensor of frame %d", i).isTrue();
                } else {
                    BgrImage a = ffmpeg.decode(jpeg), b = once.decode(jpeg);
                    assertThat(a.width()).isEqualTo(b.width());
                    assertThat(Arrays.equals(a.pixels(), 0, a.width() * a.height() * 3, b.pixels(), 0, b.width() * b.height() * 3))
                            .as("pixels of frame %d", i).isTrue();
                }
            }
        }
    }

    @Test
    void aClosedDecoderSaysSo() throws Exception {
        byte[] dog = Files.readAllBytes(TestAssets.media("dog.jpg"));
        ffmpeg.close();
        ffmpeg.close(); // twice is harmless
        assertThatThrownBy(() -> ffmpeg.decode(dog)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void choosingTheDecoder() {
        assertThat(FfmpegJpegDecoder.unavailableReason()).as("FFmpeg natives load in the build").isNull();
        assertThat(FrameDecoders.resolve("auto")).isEqualTo("ffmpeg");
        assertThat(FrameDecoders.resolve("imageio")).isEqualTo("imageio");
        assertThat(FrameDecoders.open("imageio")).isInstanceOf(ImageIoFrameDecoder.class);
        assertThatThrownBy(() -> FrameDecoders.resolve("libjpeg")).hasMessageStartingWith("argus.inference.decoder:");
    }

    private static BgrImage copy(BgrImage i) {
        return new BgrImage(i.width(), i.height(), i.pixels().clone());
    }
}
