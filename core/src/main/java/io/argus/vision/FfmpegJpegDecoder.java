package io.argus.vision;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_BUFFER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRPF32;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * JPEG decoding with FFmpeg's MJPEG decoder (SIMD IDCT) and swscale for YUV to BGR: each frame is one
 * packet sent to a codec context opened once, so a frame costs the decode and nothing else. For the
 * model input, {@link #decodeLetterboxed} also lets swscale do the resize and the float conversion.
 * Confined to one thread; the native contexts and buffers live until {@link #close()}.
 */
public final class FfmpegJpegDecoder implements FrameDecoder {
    public static final String NAME = "ffmpeg";

    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext sws;
    private int swsFormat = -1, swsWidth, swsHeight, swsRange = -1;
    private BytePointer input;
    private long inputCapacity;
    private BytePointer output;
    private long outputCapacity;
    private final PointerPointer<BytePointer> outputPlanes = new PointerPointer<>(4);
    private final FloatPointer[] planes = new FloatPointer[3];
    private long planeCapacity;
    private final PointerPointer<FloatPointer> planePointers = new PointerPointer<>(4);
    private final IntPointer outputStrides = new IntPointer(4);
    /** swscale's planar RGB formats store G, B, R: the plane that holds the tensor's R, G and B. */
    private static final int[] GBR_PLANE_OF_RGB = {2, 0, 1};

    private byte[] pixels = new byte[0];
    private final byte[] message = new byte[256];

    /** Loads the natives (once per JVM) and opens a decoder; fails with a clear message when they cannot load. */
    public FfmpegJpegDecoder() {
        NativeCheck.require();
        AVCodec mjpeg = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
        if (mjpeg == null) throw new IllegalStateException("this FFmpeg build has no MJPEG decoder");
        codec = avcodec_alloc_context3(mjpeg);
        // One thread: the job runs one decoder per preprocessing thread and sizes that pool itself.
        codec.thread_count(1);
        // Report damaged streams as errors instead of concealing them into a picture.
        codec.err_recognition(AV_EF_EXPLODE | AV_EF_BUFFER);
        int r = avcodec_open2(codec, mjpeg, (AVDictionary) null);
        if (r < 0) {
            avcodec_free_context(codec);
            throw new IllegalStateException("cannot open FFmpeg's MJPEG decoder: " + error(r));
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BgrImage decode(byte[] jpeg) throws IOException {
        if (codec == null) throw new IllegalStateException("decoder is closed");
        FrameDecoder.requireCompleteJpeg(jpeg);
        decodeToFrame(jpeg);
        try {
            int w = frame.width(), h = frame.height();
            // ACCURATE_RND: without it the SIMD converter's last columns of an odd-width picture depend on
            // memory left by the previous frame (seen here), and a reused decoder must equal a fresh one.
            SwsContext s = scaler(w, h, w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR | SWS_ACCURATE_RND);
            long size = (long) w * h * 3;
            if (size > outputCapacity) {
                if (output != null) output.close();
                output = new BytePointer(size + 64); // slack for vector stores past the last pixel
                outputCapacity = size;
            }
            outputPlanes.put(0, output);
            outputStrides.put(0, w * 3);
            int rows = sws_scale(s, frame.data(), frame.linesize(), 0, h, outputPlanes, outputStrides);
            if (rows != h) throw new IOException("colour conversion failed (" + rows + " of " + h + " rows)");
            if (pixels.length < size) pixels = new byte[(int) size];
            output.position(0).get(pixels, 0, (int) size);
            return new BgrImage(w, h, pixels);
        } finally {
            av_frame_unref(frame);
        }
    }

    /**
     * Decode, resize and write the model input in one pass: swscale converts YUV to planar float RGB
     * (0..1) at the letterboxed size, so Java only copies rows into the padded CHW tensor. The resize is
     * swscale's plain two-tap bilinear ({@code SWS_FAST_BILINEAR}), the closest of its filters to the
     * OpenCV INTER_LINEAR resize of {@link LetterboxPreprocessor} and of the model's training.
     */
    @Override
    public LetterboxGeometry decodeLetterboxed(byte[] jpeg, LetterboxPreprocessor pre, float[] out, int offset) throws IOException {
        if (codec == null) throw new IllegalStateException("decoder is closed");
        FrameDecoder.requireCompleteJpeg(jpeg);
        decodeToFrame(jpeg);
        try {
            int w = frame.width(), h = frame.height();
            int iw = pre.inputWidth(), ih = pre.inputHeight();
            LetterboxGeometry g = LetterboxGeometry.of(w, h, iw, ih);
            int sw = g.scaledWidth(), sh = g.scaledHeight(), plane = sw * sh;
            SwsContext s = scaler(w, h, sw, sh, AV_PIX_FMT_GBRPF32, SWS_FAST_BILINEAR);
            if (plane > planeCapacity) {
                for (int i = 0; i < 3; i++) {
                    if (planes[i] != null) planes[i].close();
                    planes[i] = new FloatPointer(plane);
                }
                planeCapacity = plane;
            }
            for (int i = 0; i < 3; i++) {
                planePointers.put(i, planes[i]);
                outputStrides.put(i, sw * Float.BYTES);
            }
            int rows = sws_scale(s, frame.data(), frame.linesize(), 0, h, planePointers, outputStrides);
            if (rows != sh) throw new IOException("resize failed (" + rows + " of " + sh + " rows)");
            int tensorPlane = iw * ih;
            java.util.Arrays.fill(out, offset, offset + 3 * tensorPlane, LetterboxPreprocessor.PAD);
            for (int c = 0; c < 3; c++) {
                FloatPointer src = planes[GBR_PLANE_OF_RGB[c]];
                int o = offset + c * tensorPlane + g.padTop() * iw + g.padLeft();
                if (sw == iw) {
                    src.position(0).get(out, o, plane); // no side padding: the rows are contiguous
                } else {
                    for (int y = 0; y < sh; y++) src.position((long) y * sw).get(out, o + y * iw, sw);
                }
                src.position(0);
            }
            return g;
        } finally {
            av_frame_unref(frame);
        }
    }

    /** Sends the bytes as one packet and takes the picture out; the frame holds it until unref. */
    private void decodeToFrame(byte[] jpeg) throws IOException {
        // FFmpeg's bitstream readers may read up to the padding size past the end: zeroed, reused.
        long need = jpeg.length + (long) AV_INPUT_BUFFER_PADDING_SIZE;
        if (need > inputCapacity) {
            if (input != null) input.close();
            inputCapacity = Math.max(need, inputCapacity * 3 / 2);
            input = new BytePointer(inputCapacity);
        }
        input.position(0).put(jpeg, 0, jpeg.length);
        input.position(jpeg.length).put(new byte[AV_INPUT_BUFFER_PADDING_SIZE], 0, AV_INPUT_BUFFER_PADDING_SIZE);
        input.position(0);
        packet.data(input);
        packet.size(jpeg.length);
        int r = avcodec_send_packet(codec, packet);
        packet.data(null);
        packet.size(0);
        if (r < 0) {
            avcodec_flush_buffers(codec);
            throw new IOException("corrupt JPEG: " + error(r));
        }
        r = avcodec_receive_frame(codec, frame);
        if (r < 0) {
            avcodec_flush_buffers(codec);
            throw new IOException("corrupt JPEG: no picture decoded (" + error(r) + ")");
        }
        if (frame.decode_error_flags() != 0 || frame.width() <= 0 || frame.height() <= 0) {
            av_frame_unref(frame);
            avcodec_flush_buffers(codec);
            throw new IOException("corrupt JPEG: decoded with errors (flags " + frame.decode_error_flags() + ")");
        }
    }

    /** A scaler from the decoded picture to BGR24 of the given size, rebuilt only when the input changes. */
    private SwsContext scaler(int w, int h, int dw, int dh, int dstFormat, int flags) throws IOException {
        int format = frame.format();
        int range = frame.color_range();
        // The "J" formats are the full-range twins of the plain ones: say the range instead, as swscale asks.
        int plain = plainFormat(format);
        boolean full = plain != format || range != AVCOL_RANGE_MPEG;
        SwsContext s = sws_getCachedContext(sws, w, h, plain, dw, dh, dstFormat, flags, null, null, (DoublePointer) null);
        if (s == null) throw new IOException("cannot convert pixel format " + format + " to BGR");
        if (s != sws || format != swsFormat || range != swsRange || w != swsWidth || h != swsHeight) {
            IntPointer bt601 = sws_getCoefficients(SWS_CS_ITU601);
            // JPEG (JFIF) is BT.601 with full-range luma and chroma; RGB out is full range.
            sws_setColorspaceDetails(s, bt601, full ? 1 : 0, bt601, 1, 0, 1 << 16, 1 << 16);
            swsFormat = format;
            swsRange = range;
            swsWidth = w;
            swsHeight = h;
        }
        sws = s;
        return s;
    }

    private static int plainFormat(int f) {
        if (f == AV_PIX_FMT_YUVJ420P) return AV_PIX_FMT_YUV420P;
        if (f == AV_PIX_FMT_YUVJ422P) return AV_PIX_FMT_YUV422P;
        if (f == AV_PIX_FMT_YUVJ444P) return AV_PIX_FMT_YUV444P;
        if (f == AV_PIX_FMT_YUVJ440P) return AV_PIX_FMT_YUV440P;
        if (f == AV_PIX_FMT_YUVJ411P) return AV_PIX_FMT_YUV411P;
        return f;
    }

    private String error(int code) {
        av_strerror(code, message, message.length);
        int n = 0;
        while (n < message.length && message[n] != 0) n++;
        return new String(message, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + " (" + code + ")";
    }

    @Override
    public void close() {
        if (codec == null) return;
        avcodec_free_context(codec);
        codec = null;
        av_packet_free(packet);
        av_frame_free(frame);
        if (sws != null) sws_freeContext(sws);
        sws = null;
        if (input != null) input.close();
        if (output != null) output.close();
        outputPlanes.close();
        planePointers.close();
        for (int i = 0; i < 3; i++) {
            if (planes[i] != null) planes[i].close();
            planes[i] = null;
        }
        outputStrides.close();
    }

    /** Whether the FFmpeg natives load here; the reason when they do not. Checked once per JVM. */
    public static String unavailableReason() {
        return NativeCheck.REASON;
    }

    private static final class NativeCheck {
        static final String REASON = check();

        private static String check() {
            try {
                Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
                Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
                // Corrupt frames are reported through the IOException; keep FFmpeg's own chatter to errors.
                if (av_log_get_level() > AV_LOG_ERROR) av_log_set_level(AV_LOG_ERROR);
                return avcodec_find_decoder(AV_CODEC_ID_MJPEG) == null ? "FFmpeg has no MJPEG decoder" : null;
            } catch (Throwable t) {
                return "FFmpeg natives did not load: " + t;
            }
        }

        static void require() {
            if (REASON != null) throw new IllegalStateException(REASON);
        }
    }
}
