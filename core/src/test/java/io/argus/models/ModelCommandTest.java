package io.argus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCommandTest {
    @Test
    void parsesEachCommand() {
        ModelCommand add = ModelCommand.parse("""
                {"command": "add", "model": {"name": "det", "version": "2", "uri": "file:///models/det2.onnx", "confidence_threshold": 0.3}}""");
        assertThat(add.kind()).isEqualTo(ModelCommand.Kind.ADD);
        assertThat(add.model().path()).isEqualTo("/models/det2.onnx");
        assertThat(add.model().layout()).isEqualTo("auto");
        assertThat(add.model().confidenceThreshold()).isEqualTo(0.3f);
        assertThat(add.subject()).isEqualTo("det:2");
        ModelCommand assign = ModelCommand.parse("{\"command\":\"assign\",\"camera\":\"door\",\"models\":[\"det:2\"],\"labels\":[\"person\"]}");
        assertThat(assign.cameras()).containsExactly("door");
        assertThat(assign.labels()).containsExactly("person");
        assertThat(ModelCommand.parse("{\"command\":\"assign\",\"camera\":\"door\",\"models\":[\"det:2\"]}").labels()).isNull();
        ModelCommand shadow = ModelCommand.parse("{\"command\":\"SHADOW\",\"model\":\"det:2\",\"replaces\":\"det:1\"}");
        assertThat(shadow.cameras()).isEmpty();
        assertThat(shadow.replaces()).isEqualTo("det:1");
        assertThat(ModelCommand.parse("{\"command\":\"promote\",\"model\":\"det:2\"}").modelId()).isEqualTo("det:2");
        for (ModelCommand c : List.of(add, assign, shadow)) assertThat(ModelCommand.parse(c.toJson())).isEqualTo(c);
    }

    @Test
    void refusalsNameTheField() {
        assertThatThrownBy(() -> ModelCommand.parse("{oops")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> ModelCommand.parse("{\"command\":\"upgrade\"}")).hasMessageContaining("command: unknown 'upgrade'");
        assertThatThrownBy(() -> ModelCommand.parse("{\"command\":\"promote\"}")).hasMessage("model: missing");
        assertThatThrownBy(() -> ModelCommand.parse("{\"command\":\"promote\",\"model\":\"a:1\",\"force\":true}"))
                .hasMessageContaining("force: unknown field");
        assertThatThrownBy(() -> ModelCommand.parse("{\"command\":\"add\",\"model\":{\"name\":\"a\",\"version\":\"1\",\"uri\":\"https://x/y.onnx\"}}"))
                .hasMessageContaining("model.uri: only local paths");
        assertThatThrownBy(() -> ModelCommand.parse("{\"command\":\"add\",\"model\":{\"name\":\"a\",\"version\":\"1\",\"uri\":\"/y.onnx\",\"confidence_threshold\":2}}"))
                .hasMessageContaining("model.confidence_threshold: must be in (0, 1)");
        assertThatThrownBy(() -> ModelCommand.parse("{\"command\":\"assign\",\"camera\":\"door\",\"models\":[]}"))
                .hasMessageContaining("models: a camera needs at least one model");
    }
}
