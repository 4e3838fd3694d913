package io.argus.it;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Keeps every metric a MiniCluster job registers, by name, so tests can read the operators' own
 * counters and gauges. Registered through {@link #configure}; the MiniCluster runs in the test JVM.
 */
public final class CapturingReporter implements MetricReporter, MetricReporterFactory {
    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    public static org.apache.flink.configuration.Configuration configure() {
        org.apache.flink.configuration.Configuration c = new org.apache.flink.configuration.Configuration();
        c.setString("metrics.reporter.capture.factory.class", CapturingReporter.class.getName());
        return c;
    }

    public static void clear() {
        METRICS.clear();
    }

    /** Sum over subtasks of the numeric gauges or counters whose name ends with {@code name}. */
    public static long sum(String name) {
        return sum(name, "");
    }

    /** Like {@link #sum(String)}, only over metrics whose identifier also contains {@code scope} (e.g. an operator name). */
    public static long sum(String name, String scope) {
        long total = 0;
        for (Map.Entry<String, Long> e : values(name).entrySet()) if (e.getKey().contains(scope)) total += e.getValue();
        return total;
    }

    /** Each numeric gauge or counter whose name ends with {@code name}, by identifier (also for assertion messages). */
    public static Map<String, Long> values(String name) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (!e.getKey().endsWith("." + name)) continue;
            Metric m = e.getValue();
            if (m instanceof org.apache.flink.metrics.Counter c) out.put(e.getKey(), c.getCount());
            else if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) out.put(e.getKey(), n.longValue());
        }
        return out;
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return this;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(metricName), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Keep it: tests read the final values after the job has finished.
    }
}
