package io.argus.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.envelope.FrameEnvelope;
import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class AiEventRowsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void idIsDeterministicPerCameraFrameAndModel() {
        assertThat(AiEventRows.id("cam", 7, "m:1")).isEqualTo(AiEventRows.id("cam", 7, "m:1"));
        assertThat(AiEventRows.id("cam", 7, "m:1")).isNotEqualTo(AiEventRows.id("cam", 8, "m:1"));
        assertThat(AiEventRows.id("cam", 7, "m:1")).isNotEqualTo(AiEventRows.id("cam", 7, "m:2"));
        assertThat(AiEventRows.id("cam", 7, "m:1")).isNotEqualTo(AiEventRows.id("cam2", 7, "m:1"));
    }

    @Test
    void jsonIsValidAndCarriesEveryField() throws Exception {
        InferenceResult r = new InferenceResult();
        r.detections = List.of(new Detection(0, "person", 0.91234f, 0.1f, 0.2f, 0.3f, 0.4f),
                new Detection(5, "odd \"label\"\\", 0.5f, 0, 0, 1, 1));
        r.modelName = "yolov8n";
        r.modelVersion = "8.0.175";
        r.provider = "CPU";
        r.inferenceMs = 51.234;
        r.batchSize = 4;
        r.envelope = new FrameEnvelope("cam", 1, 0, 768, 576, FrameEnvelope.CONTENT_TYPE_JPEG);
        JsonNode d = json.readTree(AiEventRows.detectionsJson(r));
        assertThat(d).hasSize(2);
        assertThat(d.get(0).get("label").asText()).isEqualTo("person");
        assertThat(d.get(0).get("confidence").asDouble()).isEqualTo(0.9123);
        assertThat(d.get(0).get("h").asDouble()).isEqualTo(0.4);
        assertThat(d.get(1).get("label").asText()).isEqualTo("odd \"label\"\\");
        JsonNode m = json.readTree(AiEventRows.metadataJson(r));
        assertThat(m.get("model_version").asText()).isEqualTo("8.0.175");
        assertThat(m.get("inference_ms").asDouble()).isEqualTo(51.23);
        assertThat(m.get("objects").asInt()).isEqualTo(2);
    }

    @Test
    void emptyDetectionsAreAnEmptyArray() throws Exception {
        assertThat(json.readTree(AiEventRows.detectionsJson(new InferenceResult())).isEmpty()).isTrue();
    }

    @Test
    void numbersArePrintedAsFixedDecimalsRoundedHalfUp() {
        assertThat(AiEventRows.fixed(new StringBuilder(), 0.91234f, 4).toString()).isEqualTo("0.9123");
        assertThat(AiEventRows.fixed(new StringBuilder(), 0.5, 5).toString()).isEqualTo("0.50000");
        assertThat(AiEventRows.fixed(new StringBuilder(), 51.225, 2).toString()).isEqualTo("51.23");
        assertThat(AiEventRows.fixed(new StringBuilder(), 3.00049, 3).toString()).isEqualTo("3.000");
        assertThat(AiEventRows.fixed(new StringBuilder(), 0.99996, 4).toString()).isEqualTo("1.0000");
        assertThat(AiEventRows.fixed(new StringBuilder(), -0.25, 2).toString()).isEqualTo("-0.25");
        assertThat(AiEventRows.fixed(new StringBuilder(), -0.0001, 2).toString()).isEqualTo("0.00");
        assertThat(AiEventRows.fixed(new StringBuilder(), Double.NaN, 2).toString()).isEqualTo("null");
        assertThat(AiEventRows.fixed(new StringBuilder(), 0, 4).toString()).isEqualTo("0.0000");
    }
}
