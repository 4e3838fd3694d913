package io.argus.udf.envelope;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The job's only watermarks are not event time (each camera keeps its own, see {@link CameraClockFunction}):
 * they are the frames source's <em>activity time</em>, the wall clock with the time the source spent
 * back-pressured taken out (Flink's input activity clock). A camera is quiet only when it sent nothing
 * for a while of activity time: while a database outage, a slow model or a long fetch of another
 * partition holds the source back, no camera goes quiet, since its frames may just be waiting in Kafka.
 *
 * <p>Each partition's clock starts at the wall clock when it is assigned, so the watermark stays close
 * to the wall clock and does not go back after a restart. The end of input still brings the watermark
 * Long.MAX_VALUE, which closes everything.
 */
public final class ActivityTimeWatermarks<T> implements WatermarkStrategy<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        RelativeClock active = context.getInputActivityClock();
        long wallAtStart = System.currentTimeMillis(), activeAtStart = active.relativeTimeMillis();
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(wallAtStart + active.relativeTimeMillis() - activeAtStart));
            }
        };
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return (event, recordTimestamp) -> recordTimestamp; // the capture time; nothing reads it
    }
}
