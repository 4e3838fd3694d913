package io.argus.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts as PNG bytes (JFreeChart, rendered off screen). */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 380;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:00").withZone(ZoneOffset.UTC);

    private Charts() {}

    static byte[] detectionsPerHour(List<ReportData.LabelHour> rows) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ReportData.LabelHour r : rows) d.addValue(r.detections(), r.label(), HOUR.format(r.hour()));
        return png(stacked("Detections per hour by label (UTC)", "hour", "detections", d));
    }

    static byte[] episodesPerCamera(List<ReportData.CameraEpisodes> rows) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ReportData.CameraEpisodes r : rows) d.addValue(r.episodes(), r.label(), r.camera());
        return png(stacked("Episodes per camera by label", "camera", "episodes", d));
    }

    static byte[] pipelineHealth(List<ReportData.HealthHour> rows) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ReportData.HealthHour r : rows) {
            String h = HOUR.format(r.hour());
            d.addValue(r.processed(), "processed", h);
            d.addValue(r.skipped(), "skipped", h);
            d.addValue(r.deadLettered(), "dead-lettered", h);
        }
        return png(stacked("Frames per hour (UTC)", "hour", "frames", d));
    }

    private static JFreeChart stacked(String title, String x, String y, DefaultCategoryDataset d) {
        JFreeChart chart = ChartFactory.createStackedBarChart(title, x, y, d, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(new Color(0xF7F7F7));
        plot.setRangeGridlinePaint(new Color(0xBBBBBB));
        CategoryAxis axis = plot.getDomainAxis();
        if (d.getColumnCount() > 8) axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setMaximumBarWidth(0.08);
        return chart;
    }

    private static byte[] png(JFreeChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return out.toByteArray();
    }
}
