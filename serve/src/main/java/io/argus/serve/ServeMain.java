package io.argus.serve;

import io.argus.cli.Flags;
import java.nio.file.Path;

/** {@code ./argus serve}: the review page, the read API and live events; runs until stopped. */
public final class ServeMain {
    private ServeMain() {}

    public static final Flags FLAGS = new Flags("usage: ./argus serve [--port 8088] [--host 127.0.0.1] [flags]", """
            Serves the episode review page (thumbnails, filters, each episode's snapshot, clip, actions and
            track; each camera's latest frame with its zones and lines), a read API (JSON, paged, described
            at /api/openapi.json) and live events over a WebSocket (/api/live). Reads the database as the
            read-only analyst and the media folder read-only. Binds 127.0.0.1 unless told otherwise, and
            refuses any other address without --auth-token-file. Default for ./argus: the dev stack.""")
            .option("host", "ADDRESS", "where to listen (default " + ServeSettings.DEFAULT_HOST + ")")
            .option("port", "PORT", "(default " + ServeSettings.DEFAULT_PORT + "; 0: any free port)")
            .jdbc("; read access is enough")
            .kafka(" (live events and latest frames; without it neither)")
            .option("media-dir", "DIR", "the media folder the job writes (argus.media.dir; default .argus/media)")
            .option("events-topic", "NAME", "(default " + ServeSettings.DEFAULT_EVENTS_TOPIC + ")")
            .option("frames-topic", "NAME", "(default " + ServeSettings.DEFAULT_FRAMES_TOPIC + ")")
            .option("auth-token-file", "FILE", "a token (first line, 16 characters or more) every request must carry")
            .option("cors-origin", "URL", "allow cross-origin reads from this origin (default: none)");

    /** The read API's paths (each described in /api/openapi.json; the WebSocket /api/live too). */
    public static final java.util.List<String> API_PATHS = ReadApi.PATHS;

    public static void main(String[] args) {
        Flags.main(FLAGS, args, ServeMain::run);
    }

    static int run(Flags.Parsed p) throws Exception {
        int port;
        try {
            port = Integer.parseInt(p.get("port", Integer.toString(ServeSettings.DEFAULT_PORT)));
        } catch (NumberFormatException e) {
            throw new Flags.UsageError("--port: '" + p.get("port", null) + "' is not a port number");
        }
        String token = p.has("auth-token-file") ? p.secret("auth-token-file", "ARGUS_SERVE_TOKEN") : null;
        ServeSettings s = new ServeSettings(p.get("host", ServeSettings.DEFAULT_HOST), port, p.required(Flags.JDBC_URL), p.required(Flags.JDBC_USER),
                p.jdbcPassword(), Path.of(p.get("media-dir", ".argus/media")), p.get(Flags.BOOTSTRAP_SERVERS, null),
                p.get("events-topic", ServeSettings.DEFAULT_EVENTS_TOPIC), p.get("frames-topic", ServeSettings.DEFAULT_FRAMES_TOPIC), token,
                p.get("cors-origin", null), ServeSettings.DEFAULT_LIVE_QUEUE_LIMIT, p.kafkaSecurity());
        ReviewServer server = new ReviewServer(s);
        int bound = server.start();
        System.out.println("review page: http://" + s.host() + ":" + bound + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "argus-serve-stop"));
        Thread.currentThread().join();
        return 0;
    }
}
