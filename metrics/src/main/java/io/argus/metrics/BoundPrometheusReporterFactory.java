package io.argus.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.NetUtils;

/**
 * Flink's Prometheus reporter, served on a chosen address. Flink's own
 * {@code PrometheusReporterFactory} (2.2) always listens on every interface; Argus's rule for local
 * runs is 127.0.0.1 only. Same metric names and format (the metrics come from Flink's
 * {@link AbstractPrometheusReporter}); options {@code host} (default 127.0.0.1) and {@code port}
 * (a port or a range like {@code 9249-9260}: the first free one, as Flink's reporter does).
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {
    public static final String ARG_HOST = "host";
    public static final String ARG_PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new Reporter(properties.getProperty(ARG_HOST, "127.0.0.1"), properties.getProperty(ARG_PORT, "9249"));
    }

    /** The reporter; {@link #port()} says where it listens once open. */
    public static final class Reporter extends AbstractPrometheusReporter {
        private final String host;
        private final String ports;
        private HTTPServer server;
        private int port = -1;

        Reporter(String host, String ports) {
            this.host = host;
            this.ports = ports;
        }

        @Override
        public void open(MetricConfig config) {
            super.open(config);
            CollectorRegistry registry = registry();
            Iterator<Integer> it = NetUtils.getPortRangeFromString(ports);
            while (it.hasNext() && server == null) {
                int p = it.next();
                try {
                    server = new HTTPServer(new InetSocketAddress(host, p), registry, true);
                    port = p;
                    log.info("Prometheus metrics on http://{}:{}/metrics", host, p);
                } catch (IOException e) {
                    log.debug("port {} of {} taken: {}", p, host, e.toString());
                }
            }
            if (server == null) {
                throw new IllegalStateException("no free port for the Prometheus reporter on " + host + " in " + ports);
            }
        }

        public int port() {
            return port;
        }

        @Override
        public void close() {
            if (server != null) server.stop();
            super.close();
        }

        /** The registry Flink's reporter fills; package-private there, so read once by reflection. */
        private CollectorRegistry registry() {
            try {
                Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
                f.setAccessible(true);
                return (CollectorRegistry) f.get(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("flink-metrics-prometheus changed: no registry field to serve ("
                        + e + "); use Flink's PrometheusReporterFactory instead", e);
            }
        }
    }
}
