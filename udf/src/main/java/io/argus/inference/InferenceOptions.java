package io.argus.inference;

import io.argus.vision.FrameDecoders;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the detector needs, validated at construction with messages that name the option.
 * Defaults are in {@link #defaults(String)} and the README.
 */
public record InferenceOptions(
        String modelPath,
        String modelName,
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
        String decoder)
        implements Serializable {

    public static InferenceOptions defaults(String modelPath) {
        return new InferenceOptions(modelPath, "yolov8n", "auto", "auto", 0, 2, 1, "all", 0.25f, 0.45f, 300, 4, 20, 640, 1, "auto");
    }

    /** The options with the default JPEG decoder choice ({@code auto}). */
    public InferenceOptions(String modelPath, String modelName, String layout, String provider, int deviceId, int intraOpThreads,
            int interOpThreads, String optimizationLevel, float confidenceThreshold, float iouThreshold, int maxDetections,
            int batchSize, long batchMaxWaitMs, int inputSizeIfDynamic, int preprocessThreads) {
        this(modelPath, modelName, layout, provider, deviceId, intraOpThreads, interOpThreads, optimizationLevel, confidenceThreshold,
                iouThreshold, maxDetections, batchSize, batchMaxWaitMs, inputSizeIfDynamic, preprocessThreads, FrameDecoders.AUTO);
    }

    public InferenceOptions {
        require(modelPath != null && !modelPath.isBlank(), "argus.model.path", "must be set");
        require(modelName != null && modelName.matches("[A-Za-z0-9._-]{1,64}"), "argus.model.name",
                "must be 1-64 letters, digits, '.', '_' or '-'");
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
    }

    /** The same options with another batch size and wait (benchmarks, ./argus detect). */
    public InferenceOptions withBatching(int size, long maxWaitMs) {
        return new InferenceOptions(modelPath, modelName, layout, provider, deviceId, intraOpThreads, interOpThreads,
                optimizationLevel, confidenceThreshold, iouThreshold, maxDetections, size, maxWaitMs, inputSizeIfDynamic,
                preprocessThreads, decoder);
    }

    /** The same options with another number of intra-op threads (benchmarks). */
    public InferenceOptions withIntraOpThreads(int threads) {
        return new InferenceOptions(modelPath, modelName, layout, provider, deviceId, threads, interOpThreads,
                optimizationLevel, confidenceThreshold, iouThreshold, maxDetections, batchSize, batchMaxWaitMs, inputSizeIfDynamic,
                preprocessThreads, decoder);
    }

    /** The same options with another execution provider (auto, cpu, cuda): benchmarks. */
    public InferenceOptions withProvider(String choice) {
        return new InferenceOptions(modelPath, modelName, layout, choice, deviceId, intraOpThreads, interOpThreads,
                optimizationLevel, confidenceThreshold, iouThreshold, maxDetections, batchSize, batchMaxWaitMs, inputSizeIfDynamic,
                preprocessThreads, decoder);
    }

    /** The same options with another JPEG decoder choice (auto, imageio, ffmpeg). */
    public InferenceOptions withDecoder(String choice) {
        return new InferenceOptions(modelPath, modelName, layout, provider, deviceId, intraOpThreads, interOpThreads,
                optimizationLevel, confidenceThreshold, iouThreshold, maxDetections, batchSize, batchMaxWaitMs, inputSizeIfDynamic,
                preprocessThreads, choice);
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
        return String.join("|", modelPath, modelName, layout, provider, Integer.toString(deviceId), Integer.toString(intraOpThreads),
                Integer.toString(interOpThreads), optimizationLevel, Float.toString(confidenceThreshold), Float.toString(iouThreshold),
                Integer.toString(maxDetections), Integer.toString(inputSizeIfDynamic));
    }

    private static void require(boolean ok, String option, String message) {
        if (!ok) throw new IllegalArgumentException(option + ": " + message);
    }
}
