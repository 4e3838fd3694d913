package io.argus.report;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as one self-contained HTML page: the charts are PNGs embedded as data URIs, so the file
 * can be mailed or archived alone. The markup is also well-formed XML (every element closed, text
 * escaped), which keeps it simple to check.
 */
public final class HtmlReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    /** {@code since} is how the range was asked for (e.g. "24h"), for the headings. */
    public static String render(ReportData d, String since, Instant generated) throws IOException {
        return render(d, since, generated, null);
    }

    /**
     * @param reviewUrl {@code ./argus serve}'s address: the longest episodes link to their review page;
     *     null for no links
     */
    public static String render(ReportData d, String since, Instant generated, String reviewUrl) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>Argus report: last ").append(esc(since)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222;max-width:1000px}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("td.t,th.t{text-align:left}th{background:#eee}img{max-width:100%;border:1px solid #ddd}img.thumb{height:80px}")
                .append(".empty{padding:1em;background:#fff6d6;border:1px solid #e6c200}\n</style>\n</head>\n<body>\n");
        h.append("<h1>Argus report: last ").append(esc(since)).append("</h1>\n<p>From ").append(TIME.format(d.from()))
                .append(" to ").append(TIME.format(d.to())).append(d.to().isAfter(generated) ? " (the newest capture time)" : "")
                .append(", generated ").append(TIME.format(generated)).append(". Time charts: one bar per ").append(d.bucket().label())
                .append(", fitted to the time the data covers.</p>\n");
        if (d.empty()) {
            h.append("<p class=\"empty\" id=\"no-data\">No data in the last ").append(esc(since))
                    .append(": no frames, detections, episodes or pipeline health rows in this range. Is the job running, "
                            + "and does the report read the right database?</p>\n");
            return h.append("</body>\n</html>\n").toString();
        }
        ReportData.Totals t = d.totals();
        h.append("<h2 id=\"summary\">Summary</h2>\n<table>\n");
        row(h, "th", "t", "frames processed", Long.toString(t.frames()));
        row(h, "th", "t", "cameras", Long.toString(t.cameras()));
        row(h, "th", "t", "objects detected", Long.toString(t.detections()));
        row(h, "th", "t", "episodes started", Long.toString(t.episodes()));
        row(h, "th", "t", "actions", Long.toString(t.actions()));
        row(h, "th", "t", "typical inference time (ms per frame, hourly medians)", fmt(t.typicalInferenceMs()));
        h.append("</table>\n");

        h.append("<h2 id=\"detections\">Detections per ").append(d.bucket().label()).append(" by label</h2>\n");
        img(h, "detections-over-time", Charts.detections(d.detectionsPerBucket(), d.bucket()));
        Map<String, Long> byLabel = new TreeMap<>();
        for (ReportData.LabelBucket r : d.detectionsPerBucket()) byLabel.merge(r.label(), r.detections(), Long::sum);
        h.append("<table id=\"detections-by-label\">\n<tr><th class=\"t\">label</th><th>detections</th></tr>\n");
        byLabel.forEach((label, n) -> h.append("<tr><td class=\"t\">").append(esc(label)).append("</td><td>").append(n).append("</td></tr>\n"));
        h.append("</table>\n");

        h.append("<h2 id=\"episodes\">Episodes per camera</h2>\n");
        img(h, "episodes-per-camera", Charts.episodesPerCamera(d.episodesPerCamera()));
        table(h, "episodes-by-camera", List.of("camera", "label", "episodes", "mean s", "longest s"),
                d.episodesPerCamera().stream().map(r -> List.of(r.camera(), r.label(), Long.toString(r.episodes()),
                        fmt(r.meanSeconds()), fmt(r.longestSeconds()))).toList(), 2);

        h.append("<h2 id=\"dwell\">Top dwell times</h2>\n<h3>Longest zone visits</h3>\n");
        if (d.topZoneVisits().isEmpty()) h.append("<p>No completed zone visits (no zones configured, or nobody left one yet).</p>\n");
        else table(h, "zone-visits", List.of("camera", "zone", "track", "label", "entered", "dwell s"),
                d.topZoneVisits().stream().map(r -> List.of(r.camera(), r.zone(), Long.toString(r.trackId()), r.label(),
                        TIME.format(r.entered()), fmt(r.dwellSeconds()))).toList(), 2);
        h.append("<h3>Longest episodes</h3>\n");
        longestEpisodes(h, d.longestEpisodes(), reviewUrl);

        if (!d.shadows().isEmpty()) {
            h.append("<h2 id=\"shadows\">Shadow models</h2>\n<p>Each shadow model ran beside the active model it would replace, on the same"
                    + " frames. matched: shadow boxes that overlap an active box of the same label (IoU &#8805; 0.5); agreement: 2 &#215; matched /"
                    + " (active + shadow boxes), 1 when both found the same objects.</p>\n");
            table(h, "shadow-comparison", List.of("shadow", "active", "label", "frames", "active boxes", "shadow boxes", "active mean conf",
                    "shadow mean conf", "matched", "agreement"), d.shadows().stream().map(r -> List.of(r.shadow(), r.active(), r.label(),
                    Long.toString(r.frames()), Long.toString(r.activeDetections()), Long.toString(r.shadowDetections()), opt(r.activeMeanConfidence()),
                    opt(r.shadowMeanConfidence()), Long.toString(r.matched()), opt(r.agreement()))).toList(), 3);
        }

        h.append("<h2 id=\"health\">Pipeline health</h2>\n");
        if (d.health().isEmpty()) h.append("<p>No pipeline health rows in this range.</p>\n");
        else {
            img(h, "frames-over-time", Charts.frames(d.framesPerBucket(), d.bucket()));
            table(h, "health-by-hour", List.of("hour", "processed", "skipped", "dead-lettered", "inference p50 ms", "inference p95 ms"),
                    d.health().stream().map(r -> List.of(TIME.format(r.hour()), Long.toString(r.processed()), Long.toString(r.skipped()),
                            Long.toString(r.deadLettered()), r.p50Ms() == null ? "-" : fmt(r.p50Ms()),
                            r.p95Ms() == null ? "-" : fmt(r.p95Ms()))).toList(), 1);
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static String opt(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    /** "24h", "90m", "7d", "45s" (or an ISO-8601 duration such as PT36H). */
    public static Duration parseSince(String s) {
        return io.argus.cli.Durations.positive("--since", s);
    }

    /** The longest episodes with their thumbnails embedded (when the media folder is readable here) and review links. */
    private static void longestEpisodes(StringBuilder h, List<ReportData.LongEpisode> rows, String reviewUrl) {
        h.append("<table id=\"longest-episodes\">\n<tr><th class=\"t\">episode</th><th class=\"t\">camera</th><th class=\"t\">label</th>")
                .append("<th>track</th><th>started</th><th>seconds</th><th class=\"t\">zones</th></tr>\n");
        for (ReportData.LongEpisode r : rows) {
            String thumb = thumbnail(r.thumbnailUri());
            String cell = thumb == null ? esc(r.id().substring(0, 8)) : "<img class=\"thumb\" alt=\"" + esc(r.label()) + "\" src=\"data:image/jpeg;base64," + thumb + "\"/>";
            if (reviewUrl != null) cell = "<a href=\"" + esc(reviewUrl + "/episodes/" + r.id()) + "\">" + cell + "</a>";
            h.append("<tr><td class=\"t\">").append(cell).append("</td><td class=\"t\">").append(esc(r.camera())).append("</td><td class=\"t\">")
                    .append(esc(r.label())).append("</td><td>").append(r.trackId()).append("</td><td>").append(TIME.format(r.started()))
                    .append("</td><td>").append(fmt(r.seconds())).append("</td><td class=\"t\">").append(esc(r.zones())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The thumbnail's bytes as base64 when its URI is a readable local file (the page stays self-contained); else null. */
    private static String thumbnail(String uri) {
        if (uri == null || !uri.startsWith("file:")) return null;
        try {
            java.nio.file.Path p = java.nio.file.Path.of(java.net.URI.create(uri));
            if (!java.nio.file.Files.isRegularFile(p) || java.nio.file.Files.size(p) > 512 * 1024) return null;
            return java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(p));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void img(StringBuilder h, String id, byte[] png) {
        h.append("<p><img id=\"").append(id).append("\" width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                .append("\" alt=\"").append(id).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"/></p>\n");
    }

    private static void row(StringBuilder h, String headTag, String cls, String name, String value) {
        h.append("<tr><").append(headTag).append(" class=\"").append(cls).append("\">").append(esc(name)).append("</")
                .append(headTag).append("><td>").append(esc(value)).append("</td></tr>\n");
    }

    /** The first {@code textColumns} columns are text (left-aligned), the rest numbers. */
    private static void table(StringBuilder h, String id, List<String> head, List<List<String>> rows, int textColumns) {
        h.append("<table id=\"").append(id).append("\">\n<tr>");
        for (int i = 0; i < head.size(); i++) h.append(i < textColumns ? "<th class=\"t\">" : "<th>").append(esc(head.get(i))).append("</th>");
        h.append("</tr>\n");
        for (List<String> r : rows) {
            h.append("<tr>");
            for (int i = 0; i < r.size(); i++) h.append(i < textColumns ? "<td class=\"t\">" : "<td>").append(esc(r.get(i))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
