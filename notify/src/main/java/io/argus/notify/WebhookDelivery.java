package io.argus.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.cli.Flags;
import io.argus.retry.Backoff;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notifications: one worker per webhook (its messages go in order, and a slow or failing webhook
 * holds up only itself), each message tried up to the webhook's max-attempts with a doubling backoff
 * (or the receiver's Retry-After, when longer). A timeout, a refused connection, 408, 425, 429 and 5xx
 * are retried; any other answer outside 2xx means the receiver refuses the message, which is given up at
 * once. A message given up is counted, logged and appended to {@code given-up.jsonl} with its body, so it
 * can be sent by hand; nothing is dropped silently.
 */
public final class WebhookDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String ATTEMPT = "X-Argus-Attempt";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<String, ExecutorService> workers = new LinkedHashMap<>();
    private final NotifyCounters counters;
    private final Path givenUpFile;

    /** What became of one message. */
    public enum Result { DELIVERED, GIVEN_UP }

    private record Attempt(boolean delivered, boolean retryable, String error, long retryAfterMs) {}

    public WebhookDelivery(Iterable<Webhook> webhooks, NotifyCounters counters, Path givenUpFile) {
        this.counters = counters;
        this.givenUpFile = givenUpFile;
        for (Webhook w : webhooks) {
            workers.put(w.name(), Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "argus-notify-" + w.name());
                t.setDaemon(true);
                return t;
            }));
        }
    }

    /** Queues the message on its webhook's worker; completes when delivered or given up (exceptionally when interrupted by close). */
    public CompletableFuture<Result> submit(Notification n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return deliver(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("stopped before " + n.key() + " was delivered");
            }
        }, workers.get(n.webhook().name()));
    }

    private Result deliver(Notification n) throws InterruptedException {
        Webhook w = n.webhook();
        Backoff backoff = new Backoff(w.backoff().toMillis(), w.maxBackoff().toMillis());
        Attempt a = null;
        int attempt = 0;
        while (attempt < w.maxAttempts()) {
            attempt++;
            a = post(n, attempt);
            if (a.delivered) {
                counters.sent.incrementAndGet();
                LOG.info("sent {} to {}: {} (rule {}{})", n.key(), w.name(), n.text(), n.rule().name(), attempt > 1 ? ", attempt " + attempt : "");
                return Result.DELIVERED;
            }
            if (!a.retryable || attempt == w.maxAttempts()) break;
            counters.retries.incrementAndGet();
            long wait = Math.min(w.maxBackoff().toMillis(), Math.max(backoff.nextDelayMs(), a.retryAfterMs));
            LOG.info("webhook {}: attempt {} of {} for {} failed ({}); next in {} ms", w.name(), attempt, w.maxAttempts(), n.key(), a.error, wait);
            Thread.sleep(wait);
        }
        counters.givenUp.incrementAndGet();
        LOG.warn("webhook {}: gave up {} after {} attempt(s): {} (rule {}: {}); kept in {}", w.name(), n.key(), attempt, a.error, n.rule().name(),
                n.text(), givenUpFile);
        keepGivenUp(n, attempt, a.error);
        return Result.GIVEN_UP;
    }

    private Attempt post(Notification n, int attempt) throws InterruptedException {
        Webhook w = n.webhook();
        HttpRequest req = HttpRequest.newBuilder(w.url())
                .timeout(w.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "argus-notify/" + Flags.version())
                .header(Signature.HEADER, Signature.of(w.secret(), n.body()))
                .header(IDEMPOTENCY_KEY, n.key())
                .header(ATTEMPT, Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(n.body()))
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            if (s >= 200 && s < 300) return new Attempt(true, false, null, 0);
            boolean retryable = s == 408 || s == 425 || s == 429 || s >= 500;
            String body = r.body() == null ? "" : r.body().strip();
            String error = "HTTP " + s + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body))
                    + (retryable ? "" : " (the receiver refuses the message; not retried)");
            return new Attempt(false, retryable, error, retryAfterMs(r));
        } catch (IOException e) {
            return new Attempt(false, true, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0);
        }
    }

    private static long retryAfterMs(HttpResponse<?> r) {
        try {
            return r.headers().firstValue("Retry-After").map(v -> Long.parseLong(v.trim()) * 1000).orElse(0L);
        } catch (NumberFormatException e) {
            return 0; // an HTTP date: the backoff decides
        }
    }

    private synchronized void keepGivenUp(Notification n, int attempts, String error) {
        try {
            ObjectNode line = JSON.createObjectNode();
            line.put("at", Instant.now().toString());
            line.put("webhook", n.webhook().name());
            line.put("rule", n.rule().name());
            line.put("idempotency_key", n.key());
            line.put("attempts", attempts);
            line.put("last_error", error);
            line.set("body", JSON.readTree(n.body()));
            Files.createDirectories(givenUpFile.toAbsolutePath().getParent());
            Files.writeString(givenUpFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.error("could not append to {}: {}", givenUpFile, e.toString());
        }
    }

    /** Stops the workers; messages still being tried are abandoned, so their offsets are not committed. */
    @Override
    public void close() throws InterruptedException {
        workers.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService e : workers.values()) e.awaitTermination(10, TimeUnit.SECONDS);
    }
}
