package io.argus.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.argus.vision.Appearance;
import io.argus.vision.Detection;
import io.argus.vision.DetectionDecoder;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object detector backed by one ONNX Runtime session. Thread-safe: ONNX Runtime sessions accept
 * concurrent {@code run} calls. Created through {@link SharedDetectors} so a JVM loads a model once.
 */
public final class OnnxDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxDetector.class);
    private static final Pattern NAME_ENTRY = Pattern.compile("(\\d+)\\s*:\\s*['\"]([^'\"]*)['\"]");

    private final InferenceOptions options;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int inputWidth;
    private final int inputHeight;
    private final boolean dynamicBatch;
    private final List<String> labels;
    private final DetectionDecoder decoder;
    private final String layout;
    private final String version;
    private final String provider;
    private final DetectionDecoder.Options decodeOptions;
    private final ThreadLocal<FloatBuffer> inputBuffers = new ThreadLocal<>();
    private final ThreadLocal<float[]> outputArrays = new ThreadLocal<>();

    public OnnxDetector(InferenceOptions options) {
        this(options, false);
    }

    /**
     * @param spinning let idle ONNX Runtime threads spin (ONNX Runtime's own default): the job keeps it
     *     off, so that idle model threads leave the cores to decoding; the inference benchmark tries both
     */
    public OnnxDetector(InferenceOptions options, boolean spinning) {
        this.options = options;
        options.requireModelFile();
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        OrtSession s;
        try {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            so.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            so.setOptimizationLevel(switch (options.optimizationLevel()) {
                case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            this.provider = chooseProvider(so, options);
            s = env.createSession(options.modelPath(), so);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + options.modelPath() + ": " + e.getMessage(), e);
        }
        this.session = s;
        try {
            Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
            this.inputName = in.getKey();
            if (!(in.getValue().getInfo() instanceof TensorInfo ti) || ti.getShape().length != 4 || (ti.getShape()[1] != 3 && ti.getShape()[1] != -1)) {
                throw new IllegalStateException("model " + options.modelPath() + ": input '" + inputName
                        + "' must be an image tensor [N, 3, H, W], found " + in.getValue().getInfo());
            }
            long[] shape = ti.getShape();
            this.dynamicBatch = shape[0] < 0;
            this.inputHeight = shape[2] > 0 ? (int) shape[2] : options.inputSizeIfDynamic();
            this.inputWidth = shape[3] > 0 ? (int) shape[3] : options.inputSizeIfDynamic();
            NodeInfo out = session.getOutputInfo().values().iterator().next();
            long[] outShape = ((TensorInfo) out.getInfo()).getShape();
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            this.labels = parseLabels(meta.get("names"));
            this.layout = "auto".equals(options.layout()) ? detectLayout(outShape) : options.layout();
            this.decoder = DetectionDecoder.forLayout(layout);
            this.version = options.modelVersion() != null ? options.modelVersion()
                    : meta.getOrDefault("version", Long.toString(session.getMetadata().getVersion()));
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("cannot read model " + options.modelPath() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.decodeOptions = new DetectionDecoder.Options(
                options.confidenceThreshold(), options.iouThreshold(), options.maxDetections());
        LOG.info("Loaded model {} version {} from {}: input {} [{}, 3, {}, {}], layout {}, {} labels, provider {}",
                options.modelName(), version, options.modelPath(), inputName, dynamicBatch ? "N" : "1",
                inputHeight, inputWidth, layout, labels.size(), provider);
    }

    /** CUDA when asked for (or 'auto') and present in this ONNX Runtime build; else CPU. Says which and why. */
    private static String chooseProvider(OrtSession.SessionOptions so, InferenceOptions o) throws OrtException {
        boolean cudaBuilt = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        if ("cpu".equals(o.provider())) {
            LOG.info("ONNX Runtime execution provider: CPU (argus.inference.provider=cpu)");
            return "CPU";
        }
        if (!cudaBuilt) {
            if ("cuda".equals(o.provider())) {
                throw new IllegalStateException("argus.inference.provider=cuda, but this ONNX Runtime build has no CUDA provider "
                        + "(available: " + OrtEnvironment.getAvailableProviders() + "); build with -Pgpu or use provider auto/cpu");
            }
            LOG.info("ONNX Runtime execution provider: CPU (provider=auto; this ONNX Runtime build has no CUDA provider)");
            return "CPU";
        }
        try {
            so.addCUDA(o.deviceId());
            LOG.info("ONNX Runtime execution provider: CUDA device {} (provider={})", o.deviceId(), o.provider());
            return "CUDA:" + o.deviceId();
        } catch (OrtException e) {
            if ("cuda".equals(o.provider())) throw e;
            LOG.warn("ONNX Runtime execution provider: CPU (provider=auto; CUDA failed to initialise: {})", e.getMessage());
            return "CPU";
        }
    }

    static String detectLayout(long[] outShape) {
        if (outShape.length == 3 && outShape[2] == 6) return "end2end";
        if (outShape.length == 3 && outShape[1] > 0 && outShape[2] > 0 && outShape[1] < outShape[2]) return "yolov8";
        if (outShape.length == 3) return "yolov5";
        throw new IllegalStateException("cannot tell the output layout of shape " + Arrays.toString(outShape)
                + "; set argus.model.layout to yolov8, yolov5 or end2end");
    }

    static List<String> parseLabels(String names) {
        List<String> out = new ArrayList<>();
        if (names == null) return out;
        Matcher m = NAME_ENTRY.matcher(names);
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            while (out.size() <= i) out.add("class" + out.size());
            out.set(i, m.group(2));
        }
        return out;
    }

    public LetterboxPreprocessor newPreprocessor() {
        return new LetterboxPreprocessor(inputWidth, inputHeight);
    }

    /** Convenience for stills: preprocess, run, decode. */
    public List<Detection> detect(BufferedImage image) throws OrtException {
        LetterboxPreprocessor pre = newPreprocessor();
        float[] input = new float[pre.tensorSize()];
        LetterboxGeometry g = pre.fill(image, input, 0);
        return detect(List.of(input), List.of(g)).get(0);
    }

    /**
     * Runs the model over preprocessed inputs (each {@code 3*H*W}, CHW). One call for the lot when the
     * model's batch dimension is dynamic; one call per input when it is fixed at 1.
     */
    public List<List<Detection>> detect(List<float[]> inputs, List<LetterboxGeometry> geometries) throws OrtException {
        int n = inputs.size();
        List<List<Detection>> results = new ArrayList<>(n);
        int per = 3 * inputWidth * inputHeight;
        if (dynamicBatch && n > 1) {
            FloatBuffer buf = buffer(n * per);
            for (float[] in : inputs) buf.put(in, 0, per);
            buf.flip();
            try (OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[] {n, 3, inputHeight, inputWidth});
                 OrtSession.Result r = session.run(Map.of(inputName, t))) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                long[] shape = out.getInfo().getShape();
                float[] all = new float[(int) out.getInfo().getNumElements()];
                out.getFloatBuffer().get(all);
                int each = all.length / n;
                long[] one = shape.clone();
                one[0] = 1;
                for (int i = 0; i < n; i++) {
                    float[] slice = Arrays.copyOfRange(all, i * each, (i + 1) * each);
                    results.add(decoder.decode(slice, one, geometries.get(i), labels, decodeOptions));
                }
            }
            addAppearance(results, inputs, geometries);
            return results;
        }
        for (int i = 0; i < n; i++) {
            FloatBuffer buf = buffer(per);
            buf.put(inputs.get(i), 0, per);
            buf.flip();
            try (OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[] {1, 3, inputHeight, inputWidth});
                 OrtSession.Result r = session.run(Map.of(inputName, t))) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                float[] all = outputArray((int) out.getInfo().getNumElements());
                out.getFloatBuffer().get(all);
                results.add(decoder.decode(all, out.getInfo().getShape(), geometries.get(i), labels, decodeOptions));
            }
        }
        addAppearance(results, inputs, geometries);
        return results;
    }

    /** Gives each detection its colour cue, read from the input it was found in (for the tracker). */
    private static void addAppearance(List<List<Detection>> results, List<float[]> inputs, List<LetterboxGeometry> geometries) {
        for (int i = 0; i < results.size(); i++) {
            for (Detection d : results.get(i)) d.appearance = Appearance.of(inputs.get(i), 0, geometries.get(i), d.x, d.y, d.w, d.h);
        }
    }

    /** The model's output for one image, copied into an array per thread that is reused (2.8 MB for YOLOv8n). */
    private float[] outputArray(int floats) {
        float[] a = outputArrays.get();
        if (a == null || a.length != floats) {
            a = new float[floats];
            outputArrays.set(a);
        }
        return a;
    }

    /** A direct buffer per thread, reused: ONNX Runtime reads direct buffers without another copy. */
    private FloatBuffer buffer(int floats) {
        FloatBuffer b = inputBuffers.get();
        if (b == null || b.capacity() < floats) {
            b = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            inputBuffers.set(b);
        }
        b.clear();
        b.limit(floats);
        return b;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public boolean dynamicBatch() {
        return dynamicBatch;
    }

    public List<String> labels() {
        return labels;
    }

    /** Boxes the decoder dropped because the model gave a coordinate or score that is not a number. */
    public long rejectedBoxes() {
        return decoder.rejected();
    }

    public String layout() {
        return layout;
    }

    public String version() {
        return version;
    }

    public String provider() {
        return provider;
    }

    public String modelName() {
        return options.modelName();
    }

    /** Deterministic model id used in rows: name and version. */
    public String modelId() {
        return options.modelName() + ":" + version;
    }

    public InferenceOptions options() {
        return options;
    }

    @Override
    public void close() {
        try {
            if (session != null) session.close();
        } catch (OrtException e) {
            LOG.warn("closing ONNX session failed", e);
        }
    }
}
