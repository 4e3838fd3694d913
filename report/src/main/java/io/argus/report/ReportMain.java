package io.argus.report;

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

    static final String USAGE = """
            usage: ./argus report [--since 24h] [--out FILE] [--jdbc-url URL --user U --password-file F]

            Writes one self-contained HTML page (charts embedded as PNG data URIs) with the overview of the
            last --since (24h, 90m, 7d ...): detections per hour by label, episodes per camera, top dwell
            times, pipeline health. Default database: the local 'dev' stack, as the read-only analyst.
              --since D           time range ending now (default 24h)
              --out FILE          where to write (default .argus/reports/argus-report-<UTC time>.html)
              --jdbc-url URL      PostgreSQL/TimescaleDB JDBC URL
              --user U            database user (read access is enough)
              --password-file F   file whose first line is the password (--password P also works)
            """;

    public static void main(String[] args) throws Exception {
        String url = null, user = null, password = "", since = "24h", out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length) fail("option " + a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--jdbc-url" -> url = v;
                case "--user" -> user = v;
                case "--password" -> password = v;
                case "--password-file" -> password = Files.readAllLines(Path.of(v)).stream().findFirst().orElse("");
                case "--since" -> since = v;
                case "--out" -> out = v;
                default -> fail("unknown option '" + a + "'");
            }
        }
        if (url == null || user == null) fail("--jdbc-url and --user are required");
        Duration range;
        try {
            range = HtmlReport.parseSince(since);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        Path file = out != null ? Path.of(out)
                : Path.of(".argus", "reports", "argus-report-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + ".html");
        Path written = write(url, user, password, range, since, file);
        System.out.println(written.toAbsolutePath());
    }

    /** Reads the range ending now and writes the page; returns its path. */
    public static Path write(String url, String user, String password, Duration range, String since, Path file) throws Exception {
        Instant now = Instant.now();
        ReportData data;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setReadOnly(true);
            data = ReportData.load(c, now.minus(range), now);
        }
        String html = HtmlReport.render(data, since, now);
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    private static void fail(String message) {
        System.err.println("argus report: error: " + message);
        System.exit(2);
    }
}
