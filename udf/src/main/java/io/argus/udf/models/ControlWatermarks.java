package io.argus.udf.models;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;

/**
 * Control commands carry no event time: their stream's watermark is at the end of time from the start,
 * so joining it to the frames (broadcast) never holds the frames' event time back.
 */
public final class ControlWatermarks implements WatermarkStrategy<ControlRecord> {
    public static final ControlWatermarks INSTANCE = new ControlWatermarks();

    private ControlWatermarks() {}

    @Override
    public WatermarkGenerator<ControlRecord> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(ControlRecord event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        };
    }
}
