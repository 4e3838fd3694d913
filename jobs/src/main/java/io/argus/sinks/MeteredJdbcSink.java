package io.argus.sinks;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Counts what a JDBC sink really does: {@code sinkRowsWritten} (rows in batches the database
 * accepted) and {@code sinkRetries} (batch attempts that failed and were retried after a backoff; past
 * {@code argus.jdbc.max-retries} the job restarts from its last checkpoint instead). flink-connector-jdbc
 * 4.0 registers no metrics of its own and retries inside its writer, out of a wrapper's sight, so the
 * counting happens at {@code PreparedStatement.executeBatch} of the connections it gets from here.
 */
public final class MeteredJdbcSink<T> implements Sink<T> {
    private final Sink<T> delegate;
    private final Provider provider;

    private MeteredJdbcSink(Sink<T> delegate, Provider provider) {
        this.delegate = delegate;
        this.provider = provider;
    }

    /** The connection provider to build the JDBC sink with, and the sink built with it, wrapped. */
    public static Provider provider(JdbcConnectionOptions options) {
        return new Provider(new SimpleJdbcConnectionProvider(options));
    }

    public static <T> Sink<T> wrap(Sink<T> jdbcSink, Provider provider) {
        return new MeteredJdbcSink<>(jdbcSink, provider);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        // Each subtask deserialises its own copy of this sink, and with it the provider the JDBC sink
        // holds (one object graph), so these counters are this subtask's.
        MetricGroup g = context.metricGroup().addGroup("argus");
        provider.rows = g.counter("sinkRowsWritten", new ThreadSafeSimpleCounter());
        provider.retries = g.counter("sinkRetries", new ThreadSafeSimpleCounter());
        return delegate.createWriter(context);
    }

    /** Hands out connections whose prepared statements count their batches. */
    public static final class Provider implements JdbcConnectionProvider {
        private static final long serialVersionUID = 1L;
        private final JdbcConnectionProvider delegate;
        private transient Counter rows;
        private transient Counter retries;
        private transient Connection raw;
        private transient Connection metered;

        Provider(JdbcConnectionProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() {
            return meter(delegate.getConnection());
        }

        @Override
        public Properties getProperties() {
            return delegate.getProperties();
        }

        @Override
        public boolean isConnectionValid() throws SQLException {
            return delegate.isConnectionValid();
        }

        @Override
        public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
            return meter(delegate.getOrEstablishConnection());
        }

        @Override
        public void closeConnection() {
            delegate.closeConnection();
        }

        @Override
        public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
            return meter(delegate.reestablishConnection());
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }

        private synchronized Connection meter(Connection c) {
            if (c == null) return null;
            if (c != raw) {
                raw = c;
                metered = proxy(Connection.class, c, (m, t) -> {}, (m, r) -> {
                    if (r instanceof PreparedStatement ps && m.getName().equals("prepareStatement")) return statement(ps);
                    return r;
                });
            }
            return metered;
        }

        private PreparedStatement statement(PreparedStatement ps) {
            return proxy(PreparedStatement.class, ps, (m, t) -> {
                if (m.getName().equals("executeBatch") && retries != null) retries.inc();
            }, (m, r) -> {
                if (m.getName().equals("executeBatch") && r instanceof int[] counts && rows != null) rows.inc(counts.length);
                return r;
            });
        }
    }

    private interface After {
        Object apply(Method m, Object result) throws SQLException;
    }

    private interface OnError {
        void accept(Method m, Throwable t);
    }

    @SuppressWarnings("unchecked")
    private static <I> I proxy(Class<I> type, I target, OnError onError, After after) {
        InvocationHandler h = (self, m, args) -> {
            Object r;
            try {
                r = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                onError.accept(m, e.getCause());
                throw e.getCause();
            }
            return after.apply(m, r);
        };
        return (I) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }
}
