package io.argus.vision;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.io.IOException;

/** The JDK's decoder: pure Java, always there, the reference the native path is compared with. */
public final class ImageIoFrameDecoder implements FrameDecoder {
    public static final String NAME = "imageio";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BgrImage decode(byte[] jpeg) throws IOException {
        FrameDecoder.requireCompleteJpeg(jpeg);
        return toBgrImage(ImageDecoder.decode(jpeg));
    }

    /** The pixels of any decoded image as packed BGR (converted first when it is not 3-byte BGR). */
    public static BgrImage toBgrImage(BufferedImage image) {
        BufferedImage bgr = LetterboxPreprocessor.toBgr(image);
        // A sub-image or a padded raster would not be packed rows: copy those.
        if (!(bgr.getRaster().getSampleModel() instanceof ComponentSampleModel sm)
                || sm.getScanlineStride() != bgr.getWidth() * 3 || bgr.getRaster().getSampleModelTranslateX() != 0
                || bgr.getRaster().getSampleModelTranslateY() != 0) {
            BufferedImage copy = new BufferedImage(bgr.getWidth(), bgr.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            var g = copy.createGraphics();
            g.drawImage(bgr, 0, 0, null);
            g.dispose();
            bgr = copy;
        }
        byte[] px = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return new BgrImage(bgr.getWidth(), bgr.getHeight(), px);
    }

    @Override
    public void close() {}
}
