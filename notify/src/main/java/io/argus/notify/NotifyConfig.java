package io.argus.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.argus.cli.Durations;
import io.argus.cli.Flags;
import io.argus.tracking.ActionType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The notifier's config file (YAML; see docs/notifications.md): webhooks, rules, the time zone of quiet
 * hours and the review page's address. Read and validated as a whole at start: each error names the
 * rule or webhook and the key, and all errors are reported at once.
 *
 * @param reviewUrl {@code ./argus serve}'s address for links in messages; null: no links
 */
public record NotifyConfig(ZoneId timezone, String reviewUrl, Map<String, Webhook> webhooks, List<Rule> rules) {
    static final Set<String> TOP = Set.of("timezone", "review-url", "webhooks", "rules");
    static final Set<String> WEBHOOK = Set.of("name", "url", "secret-file", "timeout", "max-attempts", "backoff", "max-backoff");
    static final Set<String> RULE = Set.of("name", "webhook", "kind", "cameras", "labels", "zones", "actions", "min-duration", "quiet-hours", "every");
    static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");

    /** @throws IllegalArgumentException listing every problem, each naming its rule or webhook and key */
    public static NotifyConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        Problems p = new Problems(file);
        NotifyConfig c = read(root, file.toAbsolutePath().getParent(), p);
        p.throwIfAny();
        return c;
    }

    private static NotifyConfig read(JsonNode root, Path dir, Problems p) {
        if (root == null || !root.isObject()) {
            p.add("the file must be a mapping with webhooks: and rules:");
            return null;
        }
        p.unknownKeys("", root, TOP);
        ZoneId zone = DEFAULT_TIMEZONE;
        if (root.hasNonNull("timezone")) {
            try {
                zone = ZoneId.of(root.get("timezone").asText());
            } catch (DateTimeException e) {
                p.add("timezone: '" + root.get("timezone").asText() + "' is not a time zone (e.g. UTC, Europe/Berlin)");
            }
        }
        String review = null;
        if (root.hasNonNull("review-url")) {
            review = root.get("review-url").asText().replaceAll("/+$", "");
            if (!httpUrl(review)) p.add("review-url: '" + review + "' is not an http(s) URL");
        }
        Map<String, Webhook> webhooks = new LinkedHashMap<>();
        Set<String> declared = new TreeSet<>(); // a rule naming a webhook with problems of its own is not wrong too
        List<JsonNode> hooks = list(root, "webhooks", p);
        for (int i = 0; i < hooks.size(); i++) {
            String name = hooks.get(i).path("name").asText(null);
            if (name != null && !declared.add(name)) p.add("webhook '" + name + "': the name is used twice");
            Webhook h = webhook(hooks.get(i), dir, p, i);
            if (h != null) webhooks.put(h.name(), h);
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        List<JsonNode> ruleNodes = list(root, "rules", p);
        for (int i = 0; i < ruleNodes.size(); i++) {
            String name = ruleNodes.get(i).path("name").asText(null);
            if (name != null && !names.add(name)) p.add("rule '" + name + "': the name is used twice");
            Rule rule = rule(ruleNodes.get(i), declared, p, i);
            if (rule != null) rules.add(rule);
        }
        if (rules.isEmpty() && !p.any()) p.add("rules: none given; a notifier without rules would send nothing");
        return new NotifyConfig(zone, review, Map.copyOf(webhooks), List.copyOf(rules));
    }

    private static Webhook webhook(JsonNode w, Path dir, Problems p, int index) {
        String where = p.entry("webhook", w, index, WEBHOOK, "name:, url: and secret-file:");
        if (where == null) return null;
        String name = p.requiredText(where, w, "name");
        String url = p.requiredText(where, w, "url");
        if (url != null && !httpUrl(url)) p.add(where + ": url: '" + url + "' is not an http(s) URL");
        byte[] secret = null;
        String secretFile = p.requiredText(where, w, "secret-file");
        if (secretFile != null) {
            Path f = dir == null ? Path.of(secretFile) : dir.resolve(secretFile);
            try {
                secret = Files.readAllLines(f).stream().findFirst().orElse("").strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (secret.length < 16) p.add(where + ": secret-file: " + f + " holds " + secret.length + " bytes; use at least 16 (e.g. openssl rand -hex 32)");
            } catch (IOException e) {
                p.add(where + ": secret-file: cannot read " + f.toAbsolutePath());
            }
        }
        Duration timeout = p.duration(where, w, "timeout", Webhook.DEFAULT_TIMEOUT, true);
        Duration backoff = p.duration(where, w, "backoff", Webhook.DEFAULT_BACKOFF, true);
        Duration maxBackoff = p.duration(where, w, "max-backoff", Webhook.DEFAULT_MAX_BACKOFF, true);
        if (backoff != null && maxBackoff != null && maxBackoff.compareTo(backoff) < 0) p.add(where + ": max-backoff is below backoff");
        int attempts = Webhook.DEFAULT_MAX_ATTEMPTS;
        if (w.has("max-attempts")) {
            attempts = w.get("max-attempts").canConvertToInt() ? w.get("max-attempts").asInt() : 0;
            if (attempts < 1) p.add(where + ": max-attempts: '" + w.get("max-attempts").asText() + "' must be a whole number of 1 or more");
        }
        if (name == null || url == null || secret == null || timeout == null || backoff == null || maxBackoff == null) return null;
        return new Webhook(name, URI.create(url), secret, timeout, attempts, backoff, maxBackoff);
    }

    private static Rule rule(JsonNode r, Set<String> webhooks, Problems p, int index) {
        String where = p.entry("rule", r, index, RULE, "name:, webhook: and kind:");
        if (where == null) return null;
        String name = p.requiredText(where, r, "name");
        String webhook = p.requiredText(where, r, "webhook");
        if (webhook != null && !webhooks.contains(webhook)) {
            p.add(where + ": webhook: no webhook is named '" + webhook + "'" + didYouMean(webhook, webhooks));
        }
        String onText = p.requiredText(where, r, "kind");
        EventKind on = onText == null ? null : EventKind.of(onText);
        if (onText != null && on == null) p.add(where + ": kind: '" + onText + "' is neither episode nor action");
        Set<String> cameras = p.texts(where, r, "cameras"), labels = p.texts(where, r, "labels"), zones = p.texts(where, r, "zones");
        Set<ActionType> actions = new LinkedHashSet<>();
        for (String a : p.texts(where, r, "actions")) {
            ActionType t = Arrays.stream(ActionType.values()).filter(x -> x.text().equals(a)).findFirst().orElse(null);
            if (t == null) {
                p.add(where + ": actions: '" + a + "' is no action type (" + String.join(", ", Arrays.stream(ActionType.values()).map(ActionType::text).toList())
                        + ")" + didYouMean(a, Arrays.stream(ActionType.values()).map(ActionType::text).toList()));
            } else {
                actions.add(t);
            }
        }
        if (on == EventKind.EPISODE && r.has("actions")) p.add(where + ": actions: applies to rules of kind action, not episode");
        if (on == EventKind.ACTION && r.has("min-duration")) p.add(where + ": min-duration: applies to rules of kind episode, not action");
        Duration minDuration = p.duration(where, r, "min-duration", Duration.ZERO, false);
        Duration every = p.duration(where, r, "every", Rule.DEFAULT_EVERY, false);
        if (every != null && every.compareTo(NotifyState.KEEP) > 0) p.add(where + ": every: at most " + NotifyState.KEEP.toHours() + "h");
        QuietHours quiet = null;
        if (r.hasNonNull("quiet-hours")) {
            try {
                quiet = QuietHours.parse(where + ": quiet-hours", r.get("quiet-hours").asText());
            } catch (IllegalArgumentException e) {
                p.add(e.getMessage());
            }
        }
        if (name == null || webhook == null || on == null || minDuration == null || every == null) return null;
        return new Rule(name, webhook, on, cameras, labels, zones, Set.copyOf(actions), minDuration, quiet, every);
    }

    private static List<JsonNode> list(JsonNode root, String key, Problems p) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            p.add(key + ": missing");
            return List.of();
        }
        if (!n.isArray()) {
            p.add(key + ": must be a list (- name: ...)");
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String didYouMean(String given, java.util.Collection<String> known) {
        String n = Flags.nearest(given, known);
        return n == null ? "" : " (did you mean '" + n + "'?)";
    }

    /** Every problem found, so that one run of the notifier names them all. */
    private static final class Problems {
        private final Path file;
        private final List<String> list = new ArrayList<>();

        Problems(Path file) {
            this.file = file;
        }

        void add(String problem) {
            list.add(problem);
        }

        boolean any() {
            return !list.isEmpty();
        }

        /**
         * How problems of one list entry are introduced ("rule 'door'", or "rule #2" without a name),
         * after checking it is a mapping of known keys; null when it is no mapping.
         */
        String entry(String what, JsonNode n, int index, Set<String> known, String needs) {
            String where = what + " " + (n.hasNonNull("name") ? "'" + n.get("name").asText() + "'" : "#" + (index + 1));
            if (!n.isObject()) {
                add(where + ": must be a mapping with " + needs);
                return null;
            }
            unknownKeys(where + ": ", n, known);
            return where;
        }

        void unknownKeys(String where, JsonNode n, Set<String> known) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!known.contains(k)) add(where + "unknown key '" + k + "'" + didYouMean(k, known));
            }
        }

        String requiredText(String where, JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
                add(where + ": " + key + ": missing");
                return null;
            }
            return v.asText().strip();
        }

        Set<String> texts(String where, JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) return Set.of();
            Set<String> out = new TreeSet<>();
            if (v.isValueNode()) out.add(v.asText());
            else if (v.isArray()) v.forEach(x -> out.add(x.asText()));
            else add(where + ": " + key + ": must be a name or a list of names");
            return Set.copyOf(out);
        }

        Duration duration(String where, JsonNode n, String key, Duration dflt, boolean positive) {
            if (!n.hasNonNull(key)) return dflt;
            try {
                Duration d = positive ? Durations.positive(where + ": " + key, n.get(key).asText()) : Durations.parse(where + ": " + key, n.get(key).asText());
                if (d.isNegative()) throw new IllegalArgumentException(where + ": " + key + ": must not be negative");
                return d;
            } catch (IllegalArgumentException e) {
                add(e.getMessage());
                return null;
            }
        }

        void throwIfAny() {
            if (list.isEmpty()) return;
            throw new IllegalArgumentException(file + ": " + list.size() + (list.size() == 1 ? " problem" : " problems") + "\n  " + String.join("\n  ", list));
        }
    }
}
