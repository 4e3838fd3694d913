package io.argus.inference;

import io.argus.vision.DetectionDecoder;
import io.argus.vision.FrameDecoders;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the detector needs, validated at construction with messages that name the option. Built
 * with {@link #builder(String)}, whose fields hold each default once; {@link #toBuilder()} changes a few.
 */
public record InferenceOptions(
        String modelPath,
        String modelName,
        String modelVersion,
        String layout,
        String provider,
        int deviceId,
        int intraOpThreads,
        int interOpThreads,
        String optimizationLevel,
        float confidenceThreshold,
        float iouThreshold,
        int maxDetections,
        int batchSize,
        long batchMaxWaitMs,
        int inputSizeIfDynamic,
        int preprocessThreads,
        String decoder,
        int modelCalls)
        implements Serializable {

    /**
     * Two model calls at once with one ONNX Runtime thread each: on the 2-core benchmark machine 15.5
     * frames/s, against 10.7 for one call at a time with two threads (docs/benchmarks.md); ONNX Runtime's
     * threads within one small-model call scale worse than independent calls.
     */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;
    public static final int DEFAULT_MODEL_CALLS = 2;

    public static InferenceOptions defaults(String modelPath) {
        return builder(modelPath).build();
    }

    public static Builder builder(String modelPath) {
        return new Builder(modelPath);
    }

    public Builder toBuilder() {
        Builder b = new Builder(modelPath);
        b.modelName = modelName;
        b.modelVersion = modelVersion;
        b.layout = layout;
        b.provider = provider;
        b.deviceId = deviceId;
        b.intraOpThreads = intraOpThreads;
        b.interOpThreads = interOpThreads;
        b.optimizationLevel = optimizationLevel;
        b.confidenceThreshold = confidenceThreshold;
        b.iouThreshold = iouThreshold;
        b.maxDetections = maxDetections;
        b.batchSize = batchSize;
        b.batchMaxWaitMs = batchMaxWaitMs;
        b.inputSizeIfDynamic = inputSizeIfDynamic;
        b.preprocessThreads = preprocessThreads;
        b.decoder = decoder;
        b.modelCalls = modelCalls;
        return b;
    }

    /** The options' defaults, each in one place; {@link #build()} validates. */
    public static final class Builder {
        private String modelPath;
        private String modelName = "yolov8n";
        /** Null: the version in the model file's metadata. */
        private String modelVersion = null;
        private String layout = "auto";
        private String provider = "auto";
        private int deviceId = 0;
        private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
        private int interOpThreads = 1;
        private String optimizationLevel = "all";
        private float confidenceThreshold = DetectionDecoder.Options.defaults().confidenceThreshold();
        private float iouThreshold = DetectionDecoder.Options.defaults().iouThreshold();
        private int maxDetections = DetectionDecoder.Options.defaults().maxDetections();
        private int batchSize = 4;
        private long batchMaxWaitMs = 20;
        private int inputSizeIfDynamic = 640;
        private int preprocessThreads = 1;
        private String decoder = FrameDecoders.AUTO;
        private int modelCalls = DEFAULT_MODEL_CALLS;

        private Builder(String modelPath) {
            this.modelPath = modelPath;
        }

        public Builder modelPath(String v) { modelPath = v; return this; }
        public Builder modelName(String v) { modelName = v; return this; }
        public Builder modelVersion(String v) { modelVersion = v; return this; }
        public Builder layout(String v) { layout = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder deviceId(int v) { deviceId = v; return this; }
        public Builder intraOpThreads(int v) { intraOpThreads = v; return this; }
        public Builder interOpThreads(int v) { interOpThreads = v; return this; }
        public Builder optimizationLevel(String v) { optimizationLevel = v; return this; }
        public Builder confidenceThreshold(float v) { confidenceThreshold = v; return this; }
        public Builder iouThreshold(float v) { iouThreshold = v; return this; }
        public Builder maxDetections(int v) { maxDetections = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder batchMaxWaitMs(long v) { batchMaxWaitMs = v; return this; }
        public Builder inputSizeIfDynamic(int v) { inputSizeIfDynamic = v; return this; }
        public Builder preprocessThreads(int v) { preprocessThreads = v; return this; }
        public Builder decoder(String v) { decoder = v; return this; }
        public Builder modelCalls(int v) { modelCalls = v; return this; }

        public InferenceOptions build() {
            return new InferenceOptions(modelPath, modelName, modelVersion, layout, provider, deviceId, intraOpThreads, interOpThreads, optimizationLevel,
                    confidenceThreshold, iouThreshold, maxDetections, batchSize, batchMaxWaitMs, inputSizeIfDynamic, preprocessThreads,
                    decoder, modelCalls);
        }
    }

    public InferenceOptions {
        require(modelPath != null && !modelPath.isBlank(), "argus.model.path", "must be set");
        require(modelName != null && modelName.matches("[A-Za-z0-9._-]{1,64}"), "argus.model.name",
                "must be 1-64 letters, digits, '.', '_' or '-'");
        require(modelVersion == null || modelVersion.matches("[A-Za-z0-9._+-]{1,64}"), "argus.model.version",
                "must be 1-64 letters, digits, '.', '_', '+' or '-'");
        require(layout.matches("auto|yolov8|yolov5|end2end"), "argus.model.layout", "must be auto, yolov8, yolov5 or end2end");
        require(provider.matches("auto|cpu|cuda"), "argus.inference.provider", "must be auto, cpu or cuda");
        require(deviceId >= 0, "argus.inference.device-id", "must be >= 0");
        require(intraOpThreads >= 0, "argus.inference.intra-op-threads", "must be >= 0 (0 = ONNX Runtime's choice)");
        require(interOpThreads >= 0, "argus.inference.inter-op-threads", "must be >= 0");
        require(optimizationLevel.matches("none|basic|extended|all"), "argus.inference.optimization-level",
                "must be none, basic, extended or all");
        require(confidenceThreshold > 0 && confidenceThreshold < 1, "argus.inference.confidence-threshold", "must be in (0, 1)");
        require(iouThreshold > 0 && iouThreshold <= 1, "argus.inference.iou-threshold", "must be in (0, 1]");
        require(maxDetections > 0, "argus.inference.max-detections", "must be > 0");
        require(batchSize >= 1 && batchSize <= 256, "argus.inference.batch-size", "must be in 1..256");
        require(batchMaxWaitMs >= 0, "argus.inference.batch-max-wait", "must be >= 0");
        require(preprocessThreads >= 1 && preprocessThreads <= 64, "argus.inference.preprocess-threads", "must be in 1..64");
        require(decoder != null && decoder.matches(FrameDecoders.CHOICES), "argus.inference.decoder", "must be auto, imageio or ffmpeg");
        require(inputSizeIfDynamic >= 32 && inputSizeIfDynamic % 32 == 0, "argus.model.input-size", "must be a multiple of 32");
        require(modelCalls >= 1 && modelCalls <= 64, "argus.inference.model-calls", "must be in 1..64");
    }

    /** These settings with a model of the control topic: its file, name, version, layout and thresholds. */
    public InferenceOptions with(io.argus.models.ModelDefinition m) {
        Builder b = toBuilder().modelPath(m.path()).modelName(m.name()).modelVersion(m.version()).layout(m.layout());
        if (m.confidenceThreshold() != null) b.confidenceThreshold(m.confidenceThreshold());
        if (m.iouThreshold() != null) b.iouThreshold(m.iouThreshold());
        return b.build();
    }

    /** This model as the control topic names it, with its version (read from the file when the options do not say). */
    public io.argus.models.ModelDefinition definition(String version) {
        return new io.argus.models.ModelDefinition(modelName, version, modelPath, layout, confidenceThreshold, iouThreshold);
    }

    /** The same options with another batch size and wait (benchmarks, ./argus detect). */
    public InferenceOptions withBatching(int size, long maxWaitMs) {
        return toBuilder().batchSize(size).batchMaxWaitMs(maxWaitMs).build();
    }

    /** The same options with another number of intra-op threads (benchmarks). */
    public InferenceOptions withIntraOpThreads(int threads) {
        return toBuilder().intraOpThreads(threads).build();
    }

    /** The same options with another execution provider (auto, cpu, cuda): benchmarks. */
    public InferenceOptions withProvider(String choice) {
        return toBuilder().provider(choice).build();
    }

    /** The same options with another JPEG decoder choice (auto, imageio, ffmpeg). */
    public InferenceOptions withDecoder(String choice) {
        return toBuilder().decoder(choice).build();
    }

    /** Fails early, naming the file, when the model is not there. */
    public void requireModelFile() {
        Path p = Path.of(modelPath);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("argus.model.path: no model file at " + p.toAbsolutePath()
                    + " (run ./argus fetch-assets for the bundled model, or point it at your .onnx file)");
        }
    }

    /**
     * Detectors are shared in a JVM when everything that shapes their results matches; the batching
     * settings belong to each operator and do not count.
     */
    String sessionKey() {
        return String.join("|", modelPath, modelName, String.valueOf(modelVersion), layout, provider, Integer.toString(deviceId), Integer.toString(intraOpThreads),
                Integer.toString(interOpThreads), optimizationLevel, Float.toString(confidenceThreshold), Float.toString(iouThreshold),
                Integer.toString(maxDetections), Integer.toString(inputSizeIfDynamic));
    }

    private static void require(boolean ok, String option, String message) {
        if (!ok) throw new IllegalArgumentException(option + ": " + message);
    }
}
