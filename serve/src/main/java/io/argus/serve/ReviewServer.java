package io.argus.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./argus serve}'s HTTP server (Javalin on Jetty: a small embedded server with WebSockets, no
 * container to deploy): the review pages, the read API, media and live events. Read-only throughout:
 * the database as the analyst role, the media store through {@link MediaFiles}. With a token, every
 * request must carry it ({@code Authorization: Bearer}, or the cookie that {@code /login?token=} sets
 * for a browser); errors are JSON with a message; no directory listing; CORS only for a configured
 * origin.
 */
public final class ReviewServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);
    static final String COOKIE = "argus_token";
    static final Map<String, String> PAGES = Map.of("/", "index.html", "/episodes/{id}", "episode.html", "/cameras/{id}", "camera.html");

    private final ServeSettings settings;
    private final Database db;
    private final LiveEvents live;
    private final Javalin app;

    public ReviewServer(ServeSettings settings) {
        this.settings = settings;
        this.db = new Database(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword());
        this.live = new LiveEvents(settings.bootstrapServers(), settings.kafkaSecurity(), settings.eventsTopic(), settings.liveQueueLimit());
        ReadApi api = new ReadApi(db, new MediaFiles(settings.mediaDir()), new LatestFrames(settings.bootstrapServers(), settings.kafkaSecurity(), settings.framesTopic()));
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/static";
                s.directory = "/web/static";
                s.location = Location.CLASSPATH;
            });
            if (settings.corsOrigin() != null) cfg.bundledPlugins.enableCors(cors -> cors.addRule(r -> r.allowHost(settings.corsOrigin())));
        });
        app.before(this::headers);
        if (settings.authToken() != null) {
            app.get("/login", this::login);
            app.before(ctx -> {
                if (!ctx.path().equals("/login")) authorize(ctx);
            });
            // Checked on the HTTP upgrade request: a socket without the token is never opened.
            app.wsBeforeUpgrade(this::authorize);
        }
        PAGES.forEach((path, file) -> app.get(path, ctx -> page(ctx, file)));
        api.register(app);
        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(resource("openapi.json")));
        app.ws("/api/live", live::configure);
        app.exception(java.sql.SQLException.class, (e, ctx) -> {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "the database did not answer: " + e.getMessage()));
        });
        app.exception(io.javalin.http.HttpResponseException.class,
                (e, ctx) -> ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) ctx.json(Map.of("error", "not found: " + ctx.path()));
        });
    }

    /** Starts listening; returns the port (useful with port 0). */
    public int start() {
        live.start();
        app.start(settings.host(), settings.port());
        LOG.info("serving the review page at http://{}:{}/ (media from {}, {})", settings.host(), port(), settings.mediaDir(),
                settings.authToken() == null ? "no authentication: loopback only" : "token required");
        return port();
    }

    public int port() {
        return app.port();
    }

    /** WebSocket clients connected now. */
    public int liveClients() {
        return live.clients();
    }

    /** WebSocket clients disconnected for letting too many messages wait. */
    public int liveDisconnectedSlow() {
        return live.disconnectedSlow();
    }

    private void headers(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; object-src 'none'");
    }

    private void login(Context ctx) {
        String t = ctx.queryParam("token");
        if (!tokenOk("Bearer " + t, null)) throw new UnauthorizedResponse("wrong token");
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + t + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.redirect("/");
    }

    private void authorize(Context ctx) {
        if (!tokenOk(ctx.header("Authorization"), ctx.cookie(COOKIE))) {
            if (ctx.path().startsWith("/api/")) throw new UnauthorizedResponse("a token is needed: Authorization: Bearer <token>");
            throw new ForbiddenResponse("a token is needed: open /login?token=<token> once");
        }
    }

    private boolean tokenOk(String authorization, String cookie) {
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : cookie;
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), settings.authToken().getBytes(StandardCharsets.UTF_8));
    }

    private static void page(Context ctx, String file) throws IOException {
        ctx.contentType("text/html; charset=utf-8").result(resource(file));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ReviewServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw new IOException("missing resource /web/" + name);
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws InterruptedException {
        app.stop();
        live.close();
        db.close();
    }
}
