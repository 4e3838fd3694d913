package io.argus.notify;

import com.sun.net.httpserver.HttpServer;
import io.argus.cli.Durations;
import io.argus.cli.Flags;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ./argus notify}: episodes and actions from the events topic to webhooks, by the rules of a
 * config file. A process of its own, outside the job: a slow or unreachable receiver never slows the
 * job, and the notifier restarts, upgrades and scales apart from it.
 */
public final class NotifyMain {
    private NotifyMain() {}

    public static final Flags FLAGS = new Flags("usage: ./argus notify --config FILE [--dry-run [--since 1h]] [flags]", """
            Reads the events topic with its own consumer group and posts JSON to webhooks for the episodes
            and actions that match the rules of --config (docs/notifications.md): signed (HMAC-SHA256),
            retried with backoff, given up after a webhook's max-attempts and counted. Offsets are committed
            only after delivery, so a restart resumes where it stopped without re-sending what was
            acknowledged. --dry-run prints what the rules would have sent for the last --since, and sends nothing.""")
            .option("config", "FILE", "the rules and webhooks (YAML); checked at start")
            .kafka(" (default for ./argus: the dev stack)")
            .option("topic", "NAME", "the events topic (default argus.events)")
            .option("group", "NAME", "consumer group; one notifier per group (default argus-notify)")
            .option("from", "earliest|latest", "where a group without committed offsets starts (default latest: only new events)")
            .option("state-dir", "DIR", "holds DIR/<group>/: the rules' memory and the given-up messages (default .argus/notify)")
            .option("metrics-port", "PORT", "serve counters in the Prometheus format at http://127.0.0.1:PORT/metrics")
            .flag("dry-run", "print what would be sent for the last --since; send nothing, commit nothing")
            .option("since", "D", "with --dry-run: how far back (default 1h)");

    public static void main(String[] args) {
        Flags.main(FLAGS, args, NotifyMain::run);
    }

    static int run(Flags.Parsed p) throws Exception {
        NotifyConfig config = NotifyConfig.load(Path.of(p.required("config")));
        String bootstrap = p.required(Flags.BOOTSTRAP_SERVERS);
        String topic = p.get("topic", "argus.events");
        if (p.has("dry-run")) {
            NotifyDryRun.run(config, bootstrap, p.kafkaSecurity(), topic, Durations.positive("--since", p.get("since", "1h")), System.out);
            return 0;
        }
        if (p.has("since")) throw new Flags.UsageError("--since goes with --dry-run (a running notifier starts at its committed offsets)");
        String group = p.get("group", "argus-notify");
        NotifyLoop.StartFrom from;
        try {
            from = NotifyLoop.StartFrom.valueOf(p.get("from", "latest").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageError("--from: '" + p.get("from", null) + "' is neither earliest nor latest");
        }
        Path stateDir = Path.of(p.get("state-dir", Path.of(".argus", "notify").toString())).resolve(group);
        NotifyCounters counters = new NotifyCounters();
        HttpServer metrics = p.has("metrics-port") ? metrics(p.get("metrics-port", null), counters) : null;
        NotifyLoop loop = new NotifyLoop(config, new NotifyLoop.Settings(bootstrap, p.kafkaSecurity(), topic, group, from, stateDir), counters);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.stop();
            try {
                main.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "argus-notify-stop"));
        try {
            loop.run();
        } finally {
            if (metrics != null) metrics.stop(0);
        }
        return 0;
    }

    private static HttpServer metrics(String port, NotifyCounters counters) throws java.io.IOException {
        int n;
        try {
            n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new Flags.UsageError("--metrics-port: '" + port + "' is not a port number");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", n), 0);
        s.createContext("/metrics", x -> {
            byte[] b = counters.prometheus().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        s.start();
        return s;
    }

}
