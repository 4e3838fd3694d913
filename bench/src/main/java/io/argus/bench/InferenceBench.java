package io.argus.bench;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.ingest.JpegEncoder;
import io.argus.ingest.VideoFileCamera;
import io.argus.udf.inference.BatchingInferenceFunction;
import io.argus.vision.BgrImage;
import io.argus.vision.FfmpegJpegDecoder;
import io.argus.vision.FrameDecoder;
import io.argus.vision.FrameDecoders;
import io.argus.vision.ImageDecoder;
import io.argus.vision.ImageIoFrameDecoder;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.legacy.DiscardingSink;

/**
 * Inference ceiling vs the Flink operator, and the cost of preprocessing, on the same frames, same
 * machine, in one run: the ceiling is the best of several bare ways of calling ONNX Runtime on
 * preprocessed inputs (intra-op threads, spinning, two callers, batches), measured in rounds
 * interleaved with the async operator's runs in a MiniCluster at several batch sizes.
 */
public final class InferenceBench {
    private InferenceBench() {}

    public static void main(String[] args) throws Exception {
        Path assets = Path.of(System.getProperty("argus.assets", "assets"));
        int frames = 120;
        int rounds = 3;
        boolean smoke = false;
        Path out = null;
        List<Integer> batchSizes = List.of(1, 4, 8);
        String provider = "auto";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--smoke" -> smoke = true;
                case "--append" -> out = Path.of(args[++i]);
                case "--provider" -> provider = args[++i];
                case "--batches" -> batchSizes = java.util.Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--frames, --rounds, --smoke, --append, --provider, --batches)");
            }
        }
        if (smoke) {
            frames = 8;
            rounds = 1;
            batchSizes = List.of(1, 4);
        }
        InferenceOptions opts = InferenceOptions.defaults(assets.resolve("models/yolov8n.onnx").toString()).withProvider(provider);
        List<byte[]> jpegs = sampleFrames(assets.resolve("media/vtest.avi"), frames);
        System.out.printf("inference bench: %d frames of vtest.avi (768x576 JPEG), model %s, %d intra-op threads, median of %d rounds%n",
                jpegs.size(), opts.modelPath(), opts.intraOpThreads(), rounds);

        OnnxDetector detector;
        try {
            detector = SharedDetectors.acquire(opts);
        } catch (RuntimeException e) {
            if (!provider.equals("cuda")) throw e;
            // No GPU here (or no CUDA build of ONNX Runtime): say so, measure nothing.
            String why = "GPU benchmark skipped: the CUDA execution provider is not available here (" + e.getMessage() + ")";
            System.out.println(why);
            if (out != null && !smoke) {
                Files.writeString(out, "\n## Inference on GPU (" + Instant.now() + ")\n\nCommand: `./argus bench gpu`  \nMachine: "
                        + Machine.describe() + "\n\n" + why + ". No figures.\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return;
        }
        try {
            LetterboxPreprocessor pre = detector.newPreprocessor();
            // Warm up: first calls allocate and optimise.
            for (int i = 0; i < Math.min(5, jpegs.size()); i++) {
                float[] in = new float[pre.tensorSize()];
                LetterboxGeometry g = pre.fill(ImageDecoder.decode(jpegs.get(i)), in, 0);
                detector.detect(List.of(in), List.of(g));
            }
            // Preprocessing alone, each decoder path on the same frames (median of the rounds, like the model).
            String chosen = FrameDecoders.resolve(opts.decoder());
            List<Double> ioDecode = new ArrayList<>(), ffDecode = new ArrayList<>(), javaLetterbox = new ArrayList<>(), ffCombined = new ArrayList<>();
            List<float[]> inputs = new ArrayList<>();
            List<LetterboxGeometry> geoms = new ArrayList<>();
            try (FrameDecoder io = new ImageIoFrameDecoder(); FrameDecoder ff = FrameDecoders.open(chosen)) {
                for (int r = 0; r < rounds + 1; r++) { // the first round warms up
                    long ioNs = 0, ffNs = 0, lbNs = 0, combNs = 0;
                    float[] scratch = new float[pre.tensorSize()];
                    for (byte[] j : jpegs) {
                        long t0 = System.nanoTime();
                        BgrImage img = io.decode(j);
                        long t1 = System.nanoTime();
                        pre.fill(img, scratch, 0);
                        long t2 = System.nanoTime();
                        ff.decode(j);
                        long t3 = System.nanoTime();
                        float[] in = new float[pre.tensorSize()];
                        LetterboxGeometry g = ff.decodeLetterboxed(j, pre, in, 0);
                        long t4 = System.nanoTime();
                        ioNs += t1 - t0;
                        lbNs += t2 - t1;
                        ffNs += t3 - t2;
                        combNs += t4 - t3;
                        if (r == rounds) {
                            inputs.add(in); // the model's inputs come from the chosen path
                            geoms.add(g);
                        }
                    }
                    if (r == 0) continue;
                    ioDecode.add(ioNs / 1e6 / jpegs.size());
                    javaLetterbox.add(lbNs / 1e6 / jpegs.size());
                    ffDecode.add(ffNs / 1e6 / jpegs.size());
                    ffCombined.add(combNs / 1e6 / jpegs.size());
                }
            }
            double decodeMs = median(ioDecode), letterboxMs = median(javaLetterbox);
            double ffDecodeMs = median(ffDecode), ffCombinedMs = median(ffCombined);
            double chosenPreMs = chosen.equals(FfmpegJpegDecoder.NAME) ? ffCombinedMs : decodeMs + letterboxMs;
            // The ceiling: the best of several bare configurations on ready inputs (threads, spinning, two
            // callers at once, batches where the model allows them), in rounds interleaved with the operator's
            // runs so that a slow minute of this shared machine hits both alike; each figure is the median.
            List<BareConfig> configs = bareConfigs(opts, detector.dynamicBatch(), batchSizes);
            java.util.Map<BareConfig, OnnxDetector> bare = new java.util.LinkedHashMap<>();
            java.util.Map<String, List<Double>> fps = new java.util.LinkedHashMap<>();
            try {
                for (BareConfig c : configs) {
                    OnnxDetector d = new OnnxDetector(opts.withIntraOpThreads(c.intraOpThreads()), c.spinning());
                    bare.put(c, d);
                    bareFps(d, c, inputs.subList(0, Math.min(5, inputs.size())), geoms); // warm up
                }
                for (int r = 0; r < rounds; r++) {
                    for (BareConfig c : configs) fps.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(bareFps(bare.get(c), c, inputs, geoms));
                    for (int b : batchSizes) fps.computeIfAbsent("operator " + b, k -> new ArrayList<>()).add(operatorFps(opts, b, jpegs));
                    System.out.printf(Locale.ROOT, "round %d of %d done%n", r + 1, rounds);
                }
            } finally {
                bare.values().forEach(OnnxDetector::close);
            }
            BareConfig best = configs.get(0);
            for (BareConfig c : configs) if (median(fps.get(c.name())) > median(fps.get(best.name()))) best = c;
            double ceiling = median(fps.get(best.name()));
            // Preprocessing's share is of one model call's time (one call, the job's threads), as before.
            BareConfig oneCall = configs.stream().filter(c -> c.callers() == 1 && c.intraOpThreads() == opts.intraOpThreads() && !c.spinning()
                    && c.batch() == 1).findFirst().orElse(configs.get(0));
            double bareMs = 1000 / median(fps.get(oneCall.name()));
            double barePipelineFps = 1000 / (bareMs + chosenPreMs);

            StringBuilder table = new StringBuilder();
            table.append("| path | batch | frames/s | ratio to the ceiling |\n|---|---|---|---|\n");
            for (BareConfig c : configs) {
                double f = median(fps.get(c.name()));
                table.append(String.format(Locale.ROOT, "| bare ONNX Runtime on ready inputs, %s%s | %d | %.1f | %.2f |%n",
                        c.name(), c == best ? " (**the ceiling**)" : "", c.batch(), f, f / ceiling));
            }
            table.append(String.format(Locale.ROOT, "| bare: decode + letterbox (%s) + model, one call at a time, in one thread | 1 | %.1f | %.2f |%n",
                    chosen, barePipelineFps, barePipelineFps / ceiling));
            for (int b : batchSizes) {
                double f = median(fps.get("operator " + b));
                table.append(String.format(Locale.ROOT, "| Flink async operator (MiniCluster, parallelism 1, the job's settings) | %d | %.1f | %.2f |%n",
                        b, f, f / ceiling));
            }
            String pretable = String.format(Locale.ROOT,
                    "| step (decoder path) | ms per frame | share of model time |%n|---|---|---|%n"
                            + "| JPEG decode (imageio) | %.2f | %.0f%% |%n"
                            + "| letterbox + CHW float, Java bilinear (imageio path) | %.2f | %.0f%% |%n"
                            + "| **imageio: decode + letterbox** | %.2f | %.0f%% |%n"
                            + "| JPEG decode to BGR (ffmpeg, reused MJPEG context) | %.2f | %.0f%% |%n"
                            + "| **ffmpeg: decode + swscale letterbox to float planes, one pass** | %.2f | %.0f%% |%n"
                            + "| model call (%s) | %.2f | 100%% |%n"
                            + "%nDecoder path used for the model and operator rows: %s (argus.inference.decoder=%s).%n",
                    decodeMs, 100 * decodeMs / bareMs, letterboxMs, 100 * letterboxMs / bareMs,
                    decodeMs + letterboxMs, 100 * (decodeMs + letterboxMs) / bareMs,
                    ffDecodeMs, 100 * ffDecodeMs / bareMs, ffCombinedMs, 100 * ffCombinedMs / bareMs,
                    detector.provider(), bareMs, chosen, opts.decoder());
            System.out.println();
            System.out.print(table);
            System.out.println();
            System.out.print(pretable);
            if (out != null && !smoke) append(out, jpegs.size(), rounds, opts, detector.provider(), table.toString(), pretable);
        } finally {
            SharedDetectors.release(detector);
        }
    }

    /** A bare way of calling the model: the ceiling is the best of them. */
    record BareConfig(String name, int intraOpThreads, boolean spinning, int callers, int batch) {}

    static List<BareConfig> bareConfigs(InferenceOptions opts, boolean dynamicBatch, List<Integer> batchSizes) {
        List<BareConfig> out = new ArrayList<>();
        int threads = opts.intraOpThreads(), calls = opts.modelCalls();
        out.add(new BareConfig(describe(threads, false, calls) + " (the job's settings)", threads, false, calls, 1));
        for (int t : List.of(1, 2)) {
            for (int c : List.of(1, 2)) {
                for (boolean spin : List.of(false, true)) {
                    if (t == threads && c == calls && !spin) continue;
                    if (t * c > 2 * Runtime.getRuntime().availableProcessors()) continue;
                    out.add(new BareConfig(describe(t, spin, c), t, spin, c, 1));
                }
            }
        }
        if (dynamicBatch) {
            for (int b : batchSizes) if (b > 1) out.add(new BareConfig(describe(threads, false, calls) + ", batches of " + b, threads, false, calls, b));
        }
        return out;
    }

    private static String describe(int threads, boolean spinning, int calls) {
        return (calls == 1 ? "one call at a time" : calls + " calls at once") + ", " + threads + " intra-op thread" + (threads > 1 ? "s" : "")
                + (calls > 1 ? " each" : "") + (spinning ? ", spinning" : ", no spinning");
    }

    /** Frames per second of bare model calls on ready inputs, the way {@code c} calls. */
    static double bareFps(OnnxDetector d, BareConfig c, List<float[]> inputs, List<LetterboxGeometry> geoms) throws Exception {
        long t0 = System.nanoTime();
        if (c.callers() == 1) {
            for (int i = 0; i < inputs.size(); i += c.batch()) {
                int end = Math.min(inputs.size(), i + c.batch());
                d.detect(inputs.subList(i, end), geoms.subList(i, end));
            }
        } else {
            List<Thread> callers = new ArrayList<>();
            java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
            for (int k = 0; k < c.callers(); k++) {
                int first = k;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = first * c.batch(); i < inputs.size(); i += c.callers() * c.batch()) {
                            int end = Math.min(inputs.size(), i + c.batch());
                            d.detect(inputs.subList(i, end), geoms.subList(i, end));
                        }
                    } catch (Exception e) {
                        failed.set(e);
                    }
                });
                callers.add(t);
                t.start();
            }
            for (Thread t : callers) t.join();
            if (failed.get() != null) throw failed.get();
        }
        return inputs.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** Frames through the real operator in a MiniCluster: results per second from the first frame in to the last result out. */
    static double operatorFps(InferenceOptions base, int batch, List<byte[]> jpegs) throws Exception {
        InferenceOptions o = base.withBatching(batch, 20);
        List<Frame> frames = new ArrayList<>();
        long ts = System.currentTimeMillis();
        for (int i = 0; i < jpegs.size(); i++) {
            frames.add(new Frame(new FrameEnvelope("bench-" + (i % 4), i, ts + i * 100L, 768, 576, FrameEnvelope.CONTENT_TYPE_JPEG), jpegs.get(i)));
        }
        ResultClock.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        AsyncDataStream.unorderedWait(env.fromData(frames).map(ResultClock::started), new BatchingInferenceFunction(o), 60, TimeUnit.SECONDS, 16)
                .addSink(new ResultClock());
        env.execute("inference-bench");
        if (ResultClock.count() != frames.size()) {
            throw new IllegalStateException("operator returned " + ResultClock.count() + " results for " + frames.size() + " frames");
        }
        return ResultClock.throughput();
    }

    /** Notes when results arrive; the MiniCluster runs in this JVM, so static fields are shared with the test. */
    static final class ResultClock extends DiscardingSink<InferenceResult> {
        private static final java.util.concurrent.atomic.AtomicLong FIRST = new java.util.concurrent.atomic.AtomicLong();
        private static final java.util.concurrent.atomic.AtomicLong LAST = new java.util.concurrent.atomic.AtomicLong();
        private static final java.util.concurrent.atomic.AtomicLong COUNT = new java.util.concurrent.atomic.AtomicLong();

        /** Stamps the moment the first frame reaches the operator. */
        static Frame started(Frame f) {
            FIRST.compareAndSet(0, System.nanoTime());
            return f;
        }

        static void reset() {
            FIRST.set(0);
            LAST.set(0);
            COUNT.set(0);
        }

        @Override
        public void invoke(InferenceResult value, Context context) {
            if (!value.ok()) throw new IllegalStateException("inference failed in the benchmark: " + value.failureDetail);
            LAST.set(System.nanoTime());
            COUNT.incrementAndGet();
        }

        static long count() {
            return COUNT.get();
        }

        static double throughput() {
            return COUNT.get() / ((LAST.get() - FIRST.get()) / 1e9);
        }
    }

    static List<byte[]> sampleFrames(Path video, int n) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (JpegEncoder enc = new JpegEncoder(0.85f)) {
            VideoFileCamera.read(video, 0, 0, false, (img, pts) -> {
                out.add(enc.encode(img));
                return out.size() < n;
            });
        }
        return out;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static void append(Path file, int frames, int rounds, InferenceOptions o, String provider, String table, String pretable) throws IOException {
        String s = "\n## Inference: ceiling vs operator, and preprocessing (" + Instant.now() + ")\n\n"
                + "Command: `./argus bench " + (o.provider().equals("cuda") ? "gpu" : "inference") + " --frames " + frames + " --rounds " + rounds
                + "` (each figure the median of the rounds)  \n"
                + "Machine: " + Machine.describe() + "  \n"
                + "Model: bundled YOLOv8n 640x640, ONNX Runtime " + provider + ", " + o.intraOpThreads() + " intra-op threads, "
                + o.preprocessThreads() + " preprocessing thread; frames: vtest.avi 768x576 JPEG q0.85; the machine's cores are shared with other work\n\n"
                + table + "\n" + pretable;
        Files.writeString(file, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to " + file);
    }
}
