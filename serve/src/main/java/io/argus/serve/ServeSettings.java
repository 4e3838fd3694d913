package io.argus.serve;

import java.nio.file.Path;

/**
 * What {@code ./argus serve} needs: where to listen, the database (read-only role), the media root, the
 * broker for live events and latest frames, and who may read.
 *
 * @param authToken null: no authentication (allowed on a loopback address only)
 * @param corsOrigin null: no cross-origin reads
 * @param liveQueueLimit messages a WebSocket client may have waiting before it is disconnected
 */
public record ServeSettings(String host, int port, String jdbcUrl, String jdbcUser, String jdbcPassword, Path mediaDir, String bootstrapServers,
        String eventsTopic, String framesTopic, String authToken, String corsOrigin, int liveQueueLimit, io.argus.cli.KafkaSecurity kafkaSecurity) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8088;
    public static final String DEFAULT_EVENTS_TOPIC = "argus.events";
    public static final String DEFAULT_FRAMES_TOPIC = "argus.frames";
    public static final int DEFAULT_LIVE_QUEUE_LIMIT = 256;

    public ServeSettings {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("--port: " + port + " is not a port number");
        if (liveQueueLimit < 1) throw new IllegalArgumentException("live queue limit must be at least 1");
        if (authToken == null && !loopback(host)) {
            throw new IllegalArgumentException("--host " + host + " is reachable from other machines: serve refuses to start there without "
                    + "--auth-token-file (anyone who reaches the address could read every episode and snapshot)");
        }
        if (authToken != null && authToken.length() < 16) throw new IllegalArgumentException("--auth-token-file: the token has "
                + authToken.length() + " characters; use at least 16 (e.g. openssl rand -hex 32)");
    }

    static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--host: unknown host " + host);
        }
    }
}
