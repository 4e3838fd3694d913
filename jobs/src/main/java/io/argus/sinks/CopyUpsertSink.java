package io.argus.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bulk upsert sink for the big tables (detections, ai_events): rows are buffered as CSV, and each
 * batch goes in one transaction. New rows (the usual case) are {@code COPY}ed straight into the table,
 * as fast as the database takes rows. A batch that meets a key already there (a replay after a
 * restart, or a key twice in the batch) gets a unique violation, is rolled back and goes the upsert
 * way: {@code COPY} into a temporary staging table, then one {@code INSERT ... SELECT ... ON CONFLICT}
 * into the table (the last version of a key in the batch wins); so do the next
 * {@value #MERGES_AFTER_A_CONFLICT} batches, since a replay rarely ends within one batch. Either way
 * the table ends as the upsert leaves it, and a failure anywhere rolls the whole batch back: a retry or
 * a replay writes the same rows again and they stay the same rows (at-least-once delivery,
 * exactly-once rows).
 *
 * <p>Flushes when the batch is full, after {@code batchIntervalMs} of a partial batch, before every
 * checkpoint barrier and at the end of input. A failed batch is retried with backoff; past
 * {@code maxRetries} the writer throws and the job restarts from its last checkpoint. Counts
 * {@code sinkRowsWritten} and {@code sinkRetries} as the other sinks do.
 */
public final class CopyUpsertSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    /** Batches that go the upsert way after one met a key already written. */
    static final int MERGES_AFTER_A_CONFLICT = 16;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ROW_AFFECTED_TWICE = "21000"; // ON CONFLICT DO UPDATE met a key twice in one statement

    /** How a row becomes one CSV line of the table's {@link Table#columns}. */
    @FunctionalInterface
    public interface RowEncoder<T> extends Serializable {
        void encode(T row, CsvLine out);
    }

    /**
     * The table written: its columns in COPY order, its key, and what an existing key gets
     * ({@code DO NOTHING} or {@code DO UPDATE SET ...}).
     */
    public record Table(String name, List<String> columns, List<String> key, String onConflict) implements Serializable {
        String stage() {
            return "argus_stage_" + name;
        }

        String columnList() {
            return String.join(", ", columns);
        }

        /** The merge of a batch whose keys are all different (the usual case: one statement, no sort). */
        String merge() {
            return "INSERT INTO " + name + " (" + columnList() + ") SELECT " + columnList() + " FROM " + stage()
                    + " ON CONFLICT (" + String.join(", ", key) + ") " + onConflict;
        }

        /** The merge of a batch that holds a key more than once (a replay inside one batch): the last version of each key. */
        String mergeLastOfEachKey() {
            String keys = String.join(", ", key);
            return "INSERT INTO " + name + " (" + columnList() + ") SELECT DISTINCT ON (" + keys + ") " + columnList() + " FROM " + stage()
                    + " ORDER BY " + keys + ", argus_seq DESC ON CONFLICT (" + keys + ") " + onConflict;
        }
    }

    private final JdbcSettings settings;
    private final Table table;
    private final RowEncoder<T> encoder;

    public CopyUpsertSink(JdbcSettings settings, Table table, RowEncoder<T> encoder) {
        this.settings = settings;
        this.table = table;
        this.encoder = encoder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        MetricGroup g = context.metricGroup().addGroup("argus");
        return new Writer<>(settings, table, encoder, context.getProcessingTimeService(),
                g.counter("sinkRowsWritten", new ThreadSafeSimpleCounter()), g.counter("sinkRetries", new ThreadSafeSimpleCounter()));
    }

    /** The writer of one subtask (task thread only, timers included). */
    static final class Writer<T> implements SinkWriter<T> {
        private static final Logger LOG = LoggerFactory.getLogger(CopyUpsertSink.class);
        private final JdbcSettings settings;
        private final Table table;
        private final RowEncoder<T> encoder;
        private final ProcessingTimeService time;
        private final Counter rows, retries;
        private final CsvLine line = new CsvLine();
        private final StringBuilder batch = new StringBuilder(1 << 16);
        private int pending;
        private boolean timerSet;
        private Connection connection;
        /** Batches left to upsert before trying a straight COPY again. */
        private int mergesLeft;
        private long conflicts;
        /** Test seam: runs after the COPY of each attempt, before its merge or commit. */
        Runnable afterCopy = () -> {};

        Writer(JdbcSettings settings, Table table, RowEncoder<T> encoder, ProcessingTimeService time, Counter rows, Counter retries) {
            this.settings = settings;
            this.table = table;
            this.encoder = encoder;
            this.time = time;
            this.rows = rows;
            this.retries = retries;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            line.reset();
            encoder.encode(element, line);
            line.appendTo(batch);
            pending++;
            if (pending >= settings.batchSize()) {
                flushBatch();
            } else if (!timerSet && settings.batchIntervalMs() > 0 && time != null) {
                timerSet = true;
                time.registerTimer(time.getCurrentProcessingTime() + settings.batchIntervalMs(), t -> {
                    timerSet = false;
                    flushBatch();
                });
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            flushBatch();
        }

        /** Writes the pending rows, retrying with backoff; throws once the retries are spent. */
        void flushBatch() throws IOException, InterruptedException {
            if (pending == 0) return;
            for (int attempt = 0; ; attempt++) {
                try {
                    writeOnce();
                    rows.inc(pending);
                    batch.setLength(0);
                    pending = 0;
                    return;
                } catch (SQLException | RuntimeException e) {
                    closeConnection();
                    if (attempt >= settings.maxRetries()) {
                        throw new IOException("writing " + pending + " rows to " + table.name() + " failed " + (attempt + 1) + " times: " + e.getMessage(), e);
                    }
                    retries.inc();
                    long wait = Math.min(10_000, 1000L * (attempt + 1));
                    LOG.warn("writing {} rows to {} failed ({}); retry {} of {} in {} ms", pending, table.name(), e.getMessage(), attempt + 1,
                            settings.maxRetries(), wait);
                    Thread.sleep(wait);
                }
            }
        }

        private void writeOnce() throws SQLException {
            Connection c = connection();
            if (mergesLeft > 0) {
                mergesLeft--;
            } else {
                try {
                    copy(c, table.name());
                    afterCopy.run();
                    c.commit();
                    return;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
                    conflicts++;
                    mergesLeft = MERGES_AFTER_A_CONFLICT;
                    LOG.info("{} rows for {} meet rows already written (a replay): upserting this batch and the next {}", pending,
                            table.name(), MERGES_AFTER_A_CONFLICT);
                } catch (RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            }
            try {
                copy(c, table.stage());
                afterCopy.run();
                try (Statement s = c.createStatement()) {
                    s.execute("SAVEPOINT merge");
                    try {
                        s.executeUpdate(table.merge());
                    } catch (SQLException e) {
                        if (!ROW_AFFECTED_TWICE.equals(e.getSQLState())) throw e;
                        s.execute("ROLLBACK TO SAVEPOINT merge");
                        s.executeUpdate(table.mergeLastOfEachKey());
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }

        private void copy(Connection c, String into) throws SQLException {
            try {
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + into + " (" + table.columnList() + ") FROM STDIN (FORMAT csv)", new StringReader(batch.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + into + " failed: " + e.getMessage(), e);
            }
        }

        /** Batches that met rows already written and went the upsert way. */
        long conflicts() {
            return conflicts;
        }

        private Connection connection() throws SQLException {
            if (connection != null && !connection.isClosed()) return connection;
            Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
            try (Statement s = c.createStatement()) {
                // One staging table per connection; emptied by every commit.
                s.execute("CREATE TEMP TABLE IF NOT EXISTS " + table.stage() + " (LIKE " + table.name()
                        + " INCLUDING DEFAULTS, argus_seq bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS");
            }
            c.setAutoCommit(false);
            connection = c;
            return c;
        }

        private static void rollbackQuietly(Connection c) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is closed next; the batch is retried on a new one
            }
        }

        private void closeConnection() {
            if (connection == null) return;
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }

        @Override
        public void close() {
            closeConnection();
        }
    }
}
