package io.argus.sinks;

import java.io.IOException;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink whose writer never throws from {@code close()}. The JDBC writer flushes on close; when the
 * database is down that flush fails while Flink is already cleaning up a failed task, and an
 * exception there is fatal to the whole TaskManager. Rows not flushed then belong to an unfinished
 * checkpoint and are replayed after the restart, so nothing is lost by not flushing them on close.
 * (At-least-once sinks only: flushes on checkpoints and end of input still throw as usual.)
 */
public final class CloseSafeSink<T> implements Sink<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CloseSafeSink.class);

    private final Sink<T> delegate;
    private final String name;

    public CloseSafeSink(Sink<T> delegate, String name) {
        this.delegate = delegate;
        this.name = name;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> w = delegate.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException, InterruptedException {
                w.write(element, ctx);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                w.flush(endOfInput);
            }

            @Override
            public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
                w.writeWatermark(watermark);
            }

            @Override
            public void close() {
                try {
                    w.close();
                } catch (Exception e) {
                    LOG.warn("{}: closing failed ({}); rows not yet flushed are replayed from the last checkpoint", name, e.toString());
                }
            }
        };
    }
}
