package io.argus.report;

import io.argus.cli.Flags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code ./argus report}: reads the Argus tables for the last {@code --since} and writes one
 * self-contained HTML page with charts. Prints the page's path.
 */
public final class ReportMain {
    private ReportMain() {}

    public static final Flags FLAGS = new Flags("usage: ./argus report [--since 24h] [--out FILE] [flags]", """
            Writes one self-contained HTML page (charts embedded as PNG data URIs) with the overview of the
            last --since (24h, 90m, 7d ...): detections per hour by label, episodes per camera, top dwell
            times, pipeline health. Default for ./argus: the local dev stack, as the read-only analyst.""")
            .option("since", "D", "time range ending now (default 24h)")
            .option("out", "FILE", "where to write (default .argus/reports/argus-report-<UTC time>.html)")
            .option("review-url", "URL", "./argus serve's address: the longest episodes link to their review page (default: no links)")
            .jdbc("; read access is enough");

    public static void main(String[] args) {
        Flags.main(FLAGS, args, ReportMain::run);
    }

    static int run(Flags.Parsed p) throws Exception {
        String url = p.required(Flags.JDBC_URL), user = p.required(Flags.JDBC_USER), password = p.jdbcPassword();
        String since = p.get("since", "24h"), out = p.get("out", null);
        Duration range;
        try {
            range = HtmlReport.parseSince(since);
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageError(e.getMessage());
        }
        Path file = out != null ? Path.of(out)
                : Path.of(".argus", "reports", "argus-report-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + ".html");
        String review = p.get("review-url", null);
        Path written = write(url, user, password, range, since, file, review == null ? null : review.replaceAll("/+$", ""));
        System.out.println(written.toAbsolutePath());
        return 0;
    }

    /** Reads the range ending now and writes the page, without review links; returns its path. */
    public static Path write(String url, String user, String password, Duration range, String since, Path file) throws Exception {
        return write(url, user, password, range, since, file, null);
    }

    /** Reads the range ending now (or at the newest capture time) and writes the page; returns its path. */
    public static Path write(String url, String user, String password, Duration range, String since, Path file, String reviewUrl) throws Exception {
        Instant now = Instant.now();
        ReportData data;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setReadOnly(true);
            data = ReportData.load(c, now.minus(range), now);
        }
        String html = HtmlReport.render(data, since, now, reviewUrl);
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }
}
