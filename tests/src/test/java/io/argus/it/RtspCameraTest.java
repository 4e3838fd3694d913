package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.config.CameraSpec;
import io.argus.envelope.FrameEnvelope;
import io.argus.ingest.CameraPublisher;
import io.argus.ingest.CameraRegistry;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.IngestRunner;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest against a real RTSP server (GStreamer's rtsp-server from Debian's packages, serving frames of
 * the sample video as RTP/JPEG; {@code rtsp/rtsp_server.py}) and the real broker: each transport, a
 * server that goes away and comes back, the wrong transport, and credentials that show up nowhere.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RtspCameraTest {
    private static LocalStack stack;
    private static Path frames;
    private static Path script;
    private final List<Process> servers = new ArrayList<>();

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        stack = LocalStack.load();
        // 40 frames of the sample video at 384x288 (RTP/JPEG wants sizes in multiples of 8).
        frames = Files.createDirectories(dir.resolve("frames"));
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(TestAssets.media("vtest.avi").toFile()); Java2DFrameConverter c = new Java2DFrameConverter()) {
            g.start();
            for (int i = 0; i < 40; i++) {
                BufferedImage src = c.convert(g.grabImage());
                BufferedImage img = new BufferedImage(384, 288, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D gr = img.createGraphics();
                gr.drawImage(src, 0, 0, 384, 288, null);
                gr.dispose();
                ImageIO.write(img, "jpg", frames.resolve(String.format("%05d.jpg", i)).toFile());
            }
        }
        script = dir.resolve("rtsp_server.py");
        try (var in = RtspCameraTest.class.getResourceAsStream("/rtsp/rtsp_server.py")) {
            Files.copy(in, script);
        }
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        servers.clear();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server and waits for its 'ready' line. */
    private Process server(int port, String protocols, String... auth) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--port", Integer.toString(port),
                "--frames", frames.toString(), "--protocols", protocols, "--fps", "5"));
        cmd.addAll(List.of(auth));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        servers.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("rtsp server ready")) {
            throw new AssertionError("the RTSP server did not start (Debian packages gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-good,"
                    + " python3-gi; ./argus test installs them): " + line);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "rtsp-server-output");
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static CameraSpec camera(String id, String url, CameraSpec.RtspTransport transport) {
        return new CameraSpec(id, id, url, 5, List.of(), List.of(), List.of(), List.of(),
                new CameraSpec.Ingest(false, false, 0, 0.85, "now", "exif", transport, Map.of()));
    }


    private static long header(ConsumerRecord<byte[], byte[]> r, String name) {
        return Long.parseLong(new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8));
    }

    /** Frame ids and capture times of the records, checked to go strictly up with no repeats. */
    private static void assertStrictlyIncreasing(List<ConsumerRecord<byte[], byte[]>> recs) {
        for (int i = 1; i < recs.size(); i++) {
            assertThat(header(recs.get(i), FrameEnvelope.H_FRAME_ID)).as("frame id %d", i).isGreaterThan(header(recs.get(i - 1), FrameEnvelope.H_FRAME_ID));
            assertThat(header(recs.get(i), FrameEnvelope.H_CAPTURE_TS)).as("capture time %d", i)
                    .isGreaterThan(header(recs.get(i - 1), FrameEnvelope.H_CAPTURE_TS));
        }
    }

    @Test
    void eachTransportPublishesFramesWithIncreasingIds(@TempDir Path state) throws Exception {
        record Case(String serverOffers, CameraSpec.RtspTransport cameraAsks) {}
        for (Case k : List.of(new Case("tcp", CameraSpec.RtspTransport.TCP), new Case("udp", CameraSpec.RtspTransport.UDP),
                new Case("udp", CameraSpec.RtspTransport.AUTO))) {
            int port = freePort();
            server(port, k.serverOffers());
            String topic = stack.createTopics("rtsp-" + k.cameraAsks().key(), 1, "frames").get(0);
            try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
                IngestRunner runner = new IngestRunner(List.of(camera("cam", "rtsp://127.0.0.1:" + port + "/cam", k.cameraAsks())), null, pub,
                        state.resolve(k.cameraAsks().key()), CameraPublisher.CameraStatusListener.NONE);
                runner.start();
                Await.until("15 frames over " + k, Duration.ofSeconds(60), () -> runner.camera("cam").published() >= 15);
                assertThat(runner.camera("cam").state()).isEqualTo("online");
                runner.close();
            }
            List<ConsumerRecord<byte[], byte[]>> recs = stack.readAll(topic, 15);
            assertThat(header(recs.get(0), FrameEnvelope.H_FRAME_ID)).isZero();
            assertStrictlyIncreasing(recs);
            stopServers();
        }
    }

    @Test
    void aServerThatGoesAwayAndComesBackIsReconnectedWithNothingDuplicated(@TempDir Path state) throws Exception {
        int port = freePort();
        Process first = server(port, "both");
        String topic = stack.createTopics("rtsp-restart", 1, "frames").get(0);
        StatusLog listener = new StatusLog();
        List<String> states = listener.states;
        long before;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            IngestRunner runner = new IngestRunner(List.of(camera("cam", "rtsp://127.0.0.1:" + port + "/cam", CameraSpec.RtspTransport.TCP)), null,
                    pub, state, listener);
            runner.start();
            Await.until("10 frames", Duration.ofSeconds(60), () -> runner.camera("cam").published() >= 10);
            first.destroy();
            first.waitFor(10, TimeUnit.SECONDS);
            Await.until("the camera to go offline", Duration.ofSeconds(30), () -> runner.camera("cam").state().equals("offline"));
            before = runner.camera("cam").published();
            server(port, "both");
            Await.until("10 frames after the server came back", Duration.ofSeconds(90), () -> runner.camera("cam").published() >= before + 10);
            runner.close();
        }
        assertThat(states).containsSubsequence("online", "offline", "online");
        List<ConsumerRecord<byte[], byte[]>> recs = stack.readAll(topic, (int) before + 10);
        assertStrictlyIncreasing(recs);
    }

    @Test
    void theWrongTransportSaysWhatFailedAndWhatToDo(@TempDir Path state) throws Exception {
        int port = freePort();
        server(port, "udp"); // as VLC's server and many cameras: RTP over UDP only
        String topic = stack.createTopics("rtsp-wrong", 1, "frames").get(0);
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            IngestRunner runner = new IngestRunner(List.of(camera("door", "rtsp://127.0.0.1:" + port + "/cam", CameraSpec.RtspTransport.TCP)),
                    null, pub, state, CameraPublisher.CameraStatusListener.NONE);
            runner.start();
            Await.until("the refusal to be reported", Duration.ofSeconds(30), () -> runner.progress().get(0).contains("461"));
            assertThat(runner.camera("door").state()).isEqualTo("offline");
            assertThat(runner.progress().get(0)).contains("rtsp://127.0.0.1:" + port + "/cam: the camera refused RTSP transport tcp"
                    + " (461 Unsupported transport): set 'transport: udp' (or auto) for this camera");
            assertThat(runner.camera("door").published()).isZero();
            runner.close();
        }
    }

    @Test
    void aPasswordShowsUpInNoRowLogLineProgressLineOrTopic(@TempDir Path state) throws Exception {
        String password = "Pw-" + Long.toHexString(System.nanoTime());
        Path secret = Files.writeString(state.resolve("door.password"), password + "\n");
        int port = freePort();
        server(port, "both", "--user", "argus", "--password-file", secret.toString());
        String topic = stack.createTopics("rtsp-secret", 1, "frames").get(0);
        String db = stack.createDatabase("rtspsecret");
        io.argus.storage.SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        String wrong = "Wrong-" + Long.toHexString(System.nanoTime());
        List<CameraSpec> cams = List.of(
                camera("door", "rtsp://argus:${file:" + secret + "}@127.0.0.1:" + port + "/cam", CameraSpec.RtspTransport.TCP),
                camera("yard", "rtsp://argus:" + wrong + "@127.0.0.1:" + port + "/cam", CameraSpec.RtspTransport.TCP));
        List<String> logs = new CopyOnWriteArrayList<>();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("rtsp-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                logs.add(e.getMessage().getFormattedMessage() + (e.getThrown() == null ? "" : " " + e.getThrown()));
            }
        };
        capture.start();
        Level rootLevel = ctx.getConfiguration().getRootLogger().getLevel();
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        ctx.getConfiguration().getRootLogger().setLevel(Level.DEBUG); // FFmpeg's own messages too
        ctx.updateLoggers();
        List<String> progress = new ArrayList<>();
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic);
             CameraRegistry registry = new CameraRegistry(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword())) {
            for (CameraSpec c : cams) registry.register(c);
            IngestRunner runner = new IngestRunner(cams, null, pub, state, registry);
            runner.start();
            Await.until("10 frames from the camera with the right password", Duration.ofSeconds(60), () -> runner.camera("door").published() >= 10);
            Await.until("the wrong password to be reported", Duration.ofSeconds(30), () -> runner.progress().get(1).contains("authentication failed"));
            progress.addAll(runner.progress());
            runner.close();
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("rtsp-capture");
            ctx.getConfiguration().getRootLogger().setLevel(rootLevel);
            ctx.updateLoggers();
        }
        assertThat(progress.get(1)).contains("rtsp://argus:***@127.0.0.1:" + port + "/cam: authentication failed (401 Unauthorized)");
        // The cameras table: every column of every row, as text.
        List<String> rows = new ArrayList<>();
        try (Connection c = stack.connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM cameras")) {
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) b.append(r.getString(i)).append('|');
                rows.add(b.toString());
            }
        }
        assertThat(rows).hasSize(2).anyMatch(r -> r.contains("rtsp://argus:***@127.0.0.1:" + port + "/cam"));
        List<String> topicText = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : stack.readAll(topic, 10)) {
            topicText.add(new String(r.key(), StandardCharsets.UTF_8));
            r.headers().forEach(h -> topicText.add(new String(h.value(), StandardCharsets.UTF_8)));
        }
        assertThat(logs).as("log lines captured").isNotEmpty();
        for (String secretText : List.of(password, wrong)) {
            assertThat(rows).noneMatch(r -> r.contains(secretText));
            assertThat(logs).noneMatch(l -> l.contains(secretText));
            assertThat(progress).noneMatch(l -> l.contains(secretText));
            assertThat(topicText).noneMatch(l -> l.contains(secretText));
        }
    }
}
