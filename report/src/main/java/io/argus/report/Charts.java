package io.argus.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    private Charts() {}

    static byte[] detections(List<ReportData.LabelBucket> rows, ChartBucket bucket) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ReportData.LabelBucket r : rows) d.addValue(r.detections(), r.label(), bucket.format().format(r.start()));
        return png(stacked("Detections per " + bucket.label() + " by label (UTC)", bucket.label(), "detections", d));
    }

    static byte[] episodesPerCamera(List<ReportData.CameraEpisodes> rows) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ReportData.CameraEpisodes r : rows) d.addValue(r.episodes(), r.label(), r.camera());
        return png(stacked("Episodes per camera by label", "camera", "episodes", d));
    }

    static byte[] frames(List<ReportData.FrameBucket> rows, ChartBucket bucket) throws IOException {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ReportData.FrameBucket r : rows) {
            String x = bucket.format().format(r.start());
            d.addValue(r.processed(), "processed", x);
            if (bucket.fromHourly()) {
                d.addValue(r.skipped(), "skipped", x);
                d.addValue(r.deadLettered(), "dead-lettered", x);
            }
        }
        return png(stacked("Frames per " + bucket.label() + " (UTC)", bucket.label(), "frames", d));
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
