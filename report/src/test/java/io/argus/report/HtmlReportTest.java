package io.argus.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

    @Test
    void sinceAcceptsShortAndIsoDurations() {
        assertThat(HtmlReport.parseSince("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(HtmlReport.parseSince("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HtmlReport.parseSince("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(HtmlReport.parseSince("PT36H")).isEqualTo(Duration.ofHours(36));
        assertThatThrownBy(() -> HtmlReport.parseSince("yesterday")).hasMessageContaining("--since: 'yesterday'");
        assertThatThrownBy(() -> HtmlReport.parseSince("0h")).hasMessageContaining("--since");
    }

    @Test
    void emptyRangeSaysSoInAValidPage() throws Exception {
        ReportData d = new ReportData(T0.minus(Duration.ofHours(24)), T0, ChartBucket.HOUR, new ReportData.Totals(0, 0, 0, 0, 0, 0),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        String html = HtmlReport.render(d, "24h", T0);
        parse(html);
        assertThat(html).contains("No data in the last 24h").doesNotContain("<img");
    }

    @Test
    void chartsAreEmbeddedPngsAndTextIsEscaped() throws Exception {
        ReportData d = new ReportData(T0.minus(Duration.ofHours(24)), T0.plusSeconds(3), ChartBucket.TEN_SECONDS,
                new ReportData.Totals(10, 25, 2, 3, 1, 42.5),
                List.of(new ReportData.LabelBucket(T0, "person", 20), new ReportData.LabelBucket(T0, "car", 5)),
                List.of(new ReportData.CameraEpisodes("<lobby>", "person", 2, 12.5, 20.0)),
                List.of(new ReportData.ZoneVisit("<lobby>", "door & hall", 1, "person", T0, 31.0)),
                List.of(new ReportData.LongEpisode("6c17eff3-41f9-3bbe-aea6-2875639e9cd9", "<lobby>", "person", 1, T0, 20.0, "door & hall", null)),
                List.of(new ReportData.HealthHour(T0, 10, 1, 2, 40.0, 55.0)), List.of(new ReportData.FrameBucket(T0, 10, 0, 0)),
                List.of(new ReportData.ShadowLabel("det:2", "det:1", "person", 6, 20, 15, 0.61, 0.72, 14, 28.0 / 35)));
        String html = HtmlReport.render(d, "24h", T0, "http://127.0.0.1:8088");
        parse(html);
        assertThat(html).contains("&lt;lobby&gt;", "door &amp; hall", "<td>25</td>", "<td>42.5</td>").doesNotContain("<lobby>");
        // The shadow model beside the active one: 2 x 14 / (20 + 15) = 0.8.
        assertThat(html).contains("Shadow models", "<td class=\"t\">det:2</td><td class=\"t\">det:1</td><td class=\"t\">person</td><td>6</td><td>20</td>"
                + "<td>15</td><td>0.610</td><td>0.720</td><td>14</td><td>0.800</td>");
        // The window ran past the generation time to the newest capture; bars of 10 s; episodes link to the review page.
        assertThat(html).contains("(the newest capture time)", "Detections per 10 s by label",
                "<a href=\"http://127.0.0.1:8088/episodes/6c17eff3-41f9-3bbe-aea6-2875639e9cd9\">6c17eff3</a>");
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(img).isNotNull();
            assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
            images++;
        }
        assertThat(images).isEqualTo(3);
    }

    static void parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
