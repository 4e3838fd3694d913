package io.argus.notify;

import java.net.URI;
import java.time.Duration;

/**
 * Where notifications are posted, and how hard to try.
 *
 * @param secret the HMAC-SHA256 key that signs each message (from the webhook's secret file)
 * @param maxAttempts attempts in all, the first included; then the message is given up and counted
 * @param backoff the wait before the first retry; doubles up to {@code maxBackoff}
 */
public record Webhook(String name, URI url, byte[] secret, Duration timeout, int maxAttempts, Duration backoff, Duration maxBackoff) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
}
