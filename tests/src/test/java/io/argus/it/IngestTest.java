package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.argus.TestAssets;
import io.argus.config.CameraSpec;
import io.argus.envelope.FrameEnvelope;
import io.argus.ingest.CameraPublisher;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.IngestMain;
import io.argus.ingest.IngestRunner;
import io.argus.vision.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ingest against the real broker: a video file, an upload folder, an HTTP stream that dies, a broker that goes away. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IngestTest {
    private static LocalStack stack;

    @BeforeAll
    static void stack() {
        stack = LocalStack.load();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long frameId(ConsumerRecord<byte[], byte[]> r) {
        return Long.parseLong(header(r, FrameEnvelope.H_FRAME_ID));
    }


    private static CameraSpec camera(String id, String source, double fps, boolean realTime) {
        return new CameraSpec(id, id, source, fps, List.of(), List.of(), List.of(), List.of(),
                new CameraSpec.Ingest(false, realTime, 0, 0.85, "now", "exif"));
    }

    @Test
    void aVideoFileIsSampledAndPublishedWithTheEnvelope(@TempDir Path state) throws Exception {
        String topic = stack.createTopics("ingest-file", 1, "frames").get(0);
        String[] args = {"--file", TestAssets.media("vtest.avi").toString(), "--camera", "file-cam", "--fps", "2",
            "--max-width", "384", "--start-time", "2026-01-31T10:00:00Z", "--topic", topic,
            "--bootstrap-servers", stack.bootstrapServers(), "--state-dir", state.toString(), "--progress-interval", "1"};
        assertThat(IngestMain.run(args)).isZero();

        List<ConsumerRecord<byte[], byte[]>> recs = stack.readAll(topic, 150);
        // 79.5 s of video at 2 frames/s: frames at 0.0, 0.5, ..., 79.0 s.
        assertThat(recs).hasSize(159);
        long t0 = java.time.Instant.parse("2026-01-31T10:00:00Z").toEpochMilli();
        for (int i = 0; i < recs.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = recs.get(i);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("file-cam");
            assertThat(header(r, FrameEnvelope.H_VERSION)).isEqualTo("1");
            assertThat(frameId(r)).isEqualTo(i); // in order, monotonic, no gaps
            assertThat(Long.parseLong(header(r, FrameEnvelope.H_CAPTURE_TS))).isEqualTo(t0 + 500L * i);
            assertThat(r.timestamp()).isEqualTo(t0 + 500L * i);
            assertThat(header(r, FrameEnvelope.H_WIDTH)).isEqualTo("384");
            assertThat(header(r, FrameEnvelope.H_HEIGHT)).isEqualTo("288");
            assertThat(header(r, FrameEnvelope.H_CONTENT_TYPE)).isEqualTo("image/jpeg");
        }
        BufferedImage img = ImageDecoder.decode(recs.get(80).value());
        assertThat(img.getWidth()).isEqualTo(384);
        assertThat(img.getHeight()).isEqualTo(288);

        // A restart continues the camera's frame ids.
        assertThat(IngestMain.run(args)).isZero();
        List<ConsumerRecord<byte[], byte[]>> again = stack.readAll(topic, 318);
        assertThat(again).hasSize(318);
        assertThat(frameId(again.get(159))).isEqualTo(159);
    }

    @Test
    void aMissingTopicFailsAtStartNamingIt(@TempDir Path state) {
        String[] args = {"--file", TestAssets.media("vtest.avi").toString(), "--topic", "no-such-frames-topic",
            "--bootstrap-servers", stack.bootstrapServers(), "--state-dir", state.toString()};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestMain.run(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--topic: Kafka topic 'no-such-frames-topic' does not exist on " + stack.bootstrapServers());
    }

    @Test
    void anUploadFolderPublishesEachCompleteFileOnceAcrossRestarts(@TempDir Path state, @TempDir Path uploads) throws Exception {
        String topic = stack.createTopics("ingest-folder", 1, "frames").get(0);
        byte[] dog = Files.readAllBytes(TestAssets.media("dog.jpg"));
        byte[] person = Files.readAllBytes(TestAssets.media("person.jpg"));
        CameraSpec cam = camera("uploads", uploads.toString(), 0, false);
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            IngestRunner runner = new IngestRunner(List.of(cam), null, pub, state, CameraPublisher.CameraStatusListener.NONE);
            runner.start();
            Files.write(uploads.resolve("001-dog.jpg"), dog);
            Files.write(uploads.resolve("002-person.jpg"), person);
            Files.write(uploads.resolve("003-broken.jpg"), Arrays.copyOf(dog, dog.length / 2)); // never completes
            Files.write(uploads.resolve("003-bomb.jpg"), io.argus.envelope.JpegHeaderTest.bomb(16000, 16000)); // never decoded
            // A slow upload: chunks with pauses; it must not be read half-written.
            try (OutputStream out = Files.newOutputStream(uploads.resolve("004-slow.jpg"))) {
                for (int off = 0; off < person.length; off += 20_000) {
                    out.write(person, off, Math.min(20_000, person.length - off));
                    out.flush();
                    Thread.sleep(300);
                }
            }
            Await.until("three published stills", Duration.ofSeconds(60), () -> runner.camera("uploads").published() == 3);
            Await.until("the broken still and the bomb to be dropped", Duration.ofSeconds(60), () -> runner.camera("uploads").droppedCount() == 2);
            // A still of 9 MB (more than a frame may carry) is dropped unread and reported; one whose EXIF
            // claims a 2 GB date string is published with its file time; the camera goes on.
            Files.write(uploads.resolve("005-huge.jpg"), io.argus.TestJpegs.paddedTo(dog, 9 << 20));
            Await.until("the oversized still to be dropped", Duration.ofSeconds(60), () -> runner.camera("uploads").droppedCount() == 3);
            assertThat(runner.progress().get(0)).contains("005-huge.jpg: 9437184 bytes, more than the 8388608 a still may have");
            Path damaged = uploads.resolve("006-bad-exif.jpg");
            Files.write(damaged, io.argus.TestJpegs.withExifDateTime(dog, Integer.MAX_VALUE, "2026:03:01 12:00:05"));
            long damagedMtime = Files.getLastModifiedTime(damaged).toMillis();
            Await.until("the still with the damaged EXIF", Duration.ofSeconds(60), () -> runner.camera("uploads").published() == 4);
            assertThat(runner.camera("uploads").state()).isEqualTo("online");
            assertThat(runner.restarts("uploads")).isZero();
            runner.close();
            List<ConsumerRecord<byte[], byte[]>> first = stack.readAll(topic, 4);
            assertThat(header(first.get(3), FrameEnvelope.H_CAPTURE_TS)).isEqualTo(Long.toString(damagedMtime));
            assertThat(first.get(3).value().length).isEqualTo(dog.length + 2 + 2 + 6 + 46); // its EXIF block: marker, length, "Exif\0\0", 46 bytes of TIFF
        }
        // Restart: nothing is published again, only the new file.
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            IngestRunner runner = new IngestRunner(List.of(cam), null, pub, state, CameraPublisher.CameraStatusListener.NONE);
            runner.start();
            Files.write(uploads.resolve("007-dog-again.jpg"), dog);
            Await.until("the new still", Duration.ofSeconds(60), () -> runner.camera("uploads").published() == 1);
            Thread.sleep(2500); // a few more scans: still nothing else
            assertThat(runner.camera("uploads").published()).isEqualTo(1);
            runner.close();
        }
        List<ConsumerRecord<byte[], byte[]>> recs = stack.readAll(topic, 5);
        assertThat(recs).hasSize(5);
        assertThat(recs.stream().map(IngestTest::frameId).toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
        // Stills are forwarded byte for byte; the slow one arrived whole; EXIF time is the capture time.
        assertThat(recs.get(0).value()).isEqualTo(dog);
        assertThat(recs.get(2).value()).isEqualTo(person);
        assertThat(header(recs.get(0), FrameEnvelope.H_CAPTURE_TS)).isEqualTo(Long.toString(java.time.Instant.parse("2014-09-19T16:08:30Z").toEpochMilli()));
    }

    @Test
    void aStreamThatDiesIsReconnectedAndFrameIdsStayMonotonic(@TempDir Path state) throws Exception {
        String topic = stack.createTopics("ingest-stream", 1, "frames").get(0);
        byte[] video = Files.readAllBytes(TestAssets.media("vtest.avi"));
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        HttpServer server = serve(port, video);
        StatusLog listener = new StatusLog();
        List<String> states = listener.states;
        CameraSpec cam = camera("street", "http://127.0.0.1:" + port + "/vtest.avi", 5, false);
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            IngestRunner runner = new IngestRunner(List.of(cam), null, pub, state, listener);
            runner.start();
            Await.until("frames from the stream", Duration.ofSeconds(60), () -> runner.camera("street").published() >= 10);
            server.stop(0); // the camera goes away mid-stream
            Await.until("the camera to be marked offline", Duration.ofSeconds(60), () -> states.contains("offline"));
            long before = runner.camera("street").published();
            Thread.sleep(1500);
            server = serve(port, video); // and comes back
            Await.until("frames after the reconnect", Duration.ofSeconds(90), () -> runner.camera("street").published() >= before + 10);
            runner.close();
        } finally {
            server.stop(0);
        }
        assertThat(states).containsSubsequence("online", "offline", "online");
        List<ConsumerRecord<byte[], byte[]>> recs = stack.readAll(topic, 20);
        List<Long> ids = recs.stream().map(IngestTest::frameId).toList();
        for (int i = 1; i < ids.size(); i++) assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
    }

    /** Serves the video slowly (about 1.3 MB/s), so a client is mid-stream for seconds. */
    private static HttpServer serve(int port, byte[] video) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        s.createContext("/vtest.avi", ex -> {
            ex.getResponseHeaders().add("Content-Type", "video/x-msvideo");
            ex.sendResponseHeaders(200, video.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < video.length; off += 65536) {
                    out.write(video, off, Math.min(65536, video.length - off));
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                // client went away or server stopped
            }
        });
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }

    @Test
    void theCameraRegistryShowsWhichCamerasAreAlive(@TempDir Path state) throws Exception {
        String db = stack.createDatabase("registry");
        io.argus.storage.SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        String topic = stack.createTopics("ingest-registry", 1, "frames").get(0);
        CameraSpec cam = new CameraSpec("gate", "Main gate", TestAssets.media("vtest.avi").toString(), 2, List.of(), List.of(),
                List.of(new CameraSpec.Zone("drive", List.of(new CameraSpec.Point(0, 0), new CameraSpec.Point(1, 0), new CameraSpec.Point(1, 1)))),
                List.of(), new CameraSpec.Ingest(false, false, 0, 0.85, "now", "exif"));
        try (io.argus.ingest.CameraRegistry registry = new io.argus.ingest.CameraRegistry(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
             FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            registry.register(cam);
            assertThat(stack.count(db, "SELECT count(*) FROM cameras WHERE id = 'gate' AND status = 'unknown' AND name = 'Main gate'"))
                    .isEqualTo(1);
            IngestRunner runner = new IngestRunner(List.of(cam), null, pub, state, registry);
            runner.start();
            assertThat(runner.awaitAll(120_000)).isTrue();
            runner.close();
        }
        // The file played to its end: seen recently, now offline; its zone is in the row for the job and analysts.
        assertThat(stack.count(db, "SELECT count(*) FROM cameras WHERE id = 'gate' AND status = 'offline' "
                + "AND last_seen_at > now() - interval '5 minutes' AND zones->0->>'name' = 'drive'")).isEqualTo(1);
    }

    @Test
    void aBrokerThatIsDownFor20SecondsLosesNothing(@TempDir Path state) throws Exception {
        String topic = stack.createTopics("ingest-outage", 1, "frames").get(0);
        CameraSpec cam = camera("outage", TestAssets.media("vtest.avi").toString(), 2, true); // real time: 2 frames/s
        long published;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            IngestRunner runner = new IngestRunner(List.of(cam), null, pub, state, CameraPublisher.CameraStatusListener.NONE);
            runner.start();
            try {
                Await.until("frames before the outage", Duration.ofSeconds(30), () -> runner.camera("outage").published() >= 4);
                stack.control("kafka-stop");
                Thread.sleep(20_000);
            } finally {
                stack.control("kafka-start");
            }
            Await.until("delivery after the broker came back", Duration.ofSeconds(120), () -> pub.sent() >= 60);
            runner.close(); // flushes
            published = runner.camera("outage").published();
            assertThat(pub.failed()).isZero();
            assertThat(pub.sent()).isEqualTo(published);
        }
        List<ConsumerRecord<byte[], byte[]>> recs = stack.readAll(topic, (int) published);
        assertThat(recs).hasSize((int) published);
        List<Long> ids = new ArrayList<>(recs.stream().map(IngestTest::frameId).toList());
        for (int i = 0; i < ids.size(); i++) assertThat(ids.get(i)).isEqualTo(i); // nothing lost, nothing twice
    }
}
