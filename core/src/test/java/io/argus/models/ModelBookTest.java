package io.argus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelBookTest {
    private static final ModelDefinition V1 = new ModelDefinition("det", "1", "/m/det1.onnx", null, null, null);
    private static final ModelDefinition V2 = new ModelDefinition("det", "2", "/m/det2.onnx", null, 0.4f, null);
    private static final ModelDefinition OTHER = new ModelDefinition("faces", "7", "/m/faces.onnx", null, null, null);

    private static ModelBook twoCameras() {
        return new ModelBook(List.of(V1), Map.of("door", List.of("det:1"), "lobby", List.of("det:1")), Map.of("door", List.of("person")));
    }

    private static List<String> plan(ModelBook b, String cam) {
        return b.plan(cam).stream().map(u -> u.modelId() + "/" + u.role() + (u.comparedWith() == null ? "" : "~" + u.comparedWith())).toList();
    }

    @Test
    void theStartingConfigurationIsActive() {
        ModelBook b = twoCameras();
        assertThat(b.model("det:1").status).isEqualTo(ModelStatus.ACTIVE);
        assertThat(plan(b, "door")).containsExactly("det:1/ACTIVE");
        assertThat(b.plan("door").get(0).labels()).containsExactly("person");
        assertThat(b.plan("attic")).isEmpty();
    }

    @Test
    void addShadowPromoteRetire() {
        ModelBook b = twoCameras();
        assertThat(b.apply(ModelCommand.add(V2), 10)).extracting(ModelBook.Change::status).containsExactly(ModelStatus.AVAILABLE);
        assertThat(b.apply(ModelCommand.add(V2), 11)).isEmpty(); // the same command again changes nothing

        assertThat(b.apply(ModelCommand.shadow("det:2", "det:1", List.of("door")), 20))
                .extracting(c -> c.model().id() + "=" + c.status()).containsExactly("det:2=SHADOW");
        assertThat(plan(b, "door")).containsExactly("det:1/ACTIVE", "det:2/SHADOW~det:1");
        assertThat(plan(b, "lobby")).containsExactly("det:1/ACTIVE");
        assertThat(b.plan("door")).extracting(ModelUse::copies).containsExactly(2, 2);
        assertThat(b.plan("door")).extracting(ModelUse::copy).containsExactly(0, 1);

        // Promoted on the door only: det:1 still runs on the lobby, so it stays active.
        assertThat(b.apply(ModelCommand.promote("det:2"), 30)).extracting(c -> c.model().id() + "=" + c.status()).containsExactly("det:2=ACTIVE");
        assertThat(b.model("det:2").activatedAt).isEqualTo(30);
        assertThat(plan(b, "door")).containsExactly("det:2/ACTIVE");
        assertThat(b.plan("door").get(0).labels()).containsExactly("person"); // the camera keeps its labels

        assertThat(b.apply(ModelCommand.assign("lobby", List.of("det:2"), null), 40))
                .extracting(c -> c.model().id() + "=" + c.status()).containsExactly("det:1=RETIRED");
        assertThat(b.model("det:1").retiredAt).isEqualTo(40);
    }

    @Test
    void promotingEverywhereRetiresTheOldModel() {
        ModelBook b = twoCameras();
        b.apply(ModelCommand.add(V2), 1);
        b.apply(ModelCommand.shadow("det:2", "det:1", List.of()), 2); // every camera that runs det:1
        assertThat(plan(b, "lobby")).containsExactly("det:1/ACTIVE", "det:2/SHADOW~det:1");
        assertThat(b.apply(ModelCommand.promote("det:2"), 3)).extracting(c -> c.model().id() + "=" + c.status())
                .containsExactly("det:1=RETIRED", "det:2=ACTIVE");
    }

    @Test
    void refusalsLeaveTheBookAsItWas() {
        ModelBook b = twoCameras();
        assertThatThrownBy(() -> b.apply(ModelCommand.promote("det:2"), 1)).hasMessageContaining("unknown model det:2");
        b.apply(ModelCommand.add(V2), 1);
        assertThatThrownBy(() -> b.apply(ModelCommand.promote("det:2"), 2)).hasMessageContaining("not a shadow anywhere");
        assertThatThrownBy(() -> b.apply(ModelCommand.retire("det:1"), 2)).hasMessageContaining("camera door runs only det:1");
        assertThatThrownBy(() -> b.apply(ModelCommand.assign("attic", List.of("det:2"), null), 2)).hasMessageContaining("not in the cameras file");
        assertThatThrownBy(() -> b.apply(ModelCommand.shadow("det:2", "faces:7", List.of()), 2)).hasMessageContaining("unknown model faces:7");
        assertThatThrownBy(() -> b.apply(ModelCommand.add(new ModelDefinition("det", "2", "/elsewhere.onnx", null, null, null)), 2))
                .hasMessageContaining("already exists with other settings");
        assertThat(plan(b, "door")).containsExactly("det:1/ACTIVE");
        assertThat(b.model("det:1").status).isEqualTo(ModelStatus.ACTIVE);
        assertThat(b.model("det:2").status).isEqualTo(ModelStatus.AVAILABLE);
    }

    @Test
    void aModelThatFailedToLoadIsNeverPlanned() {
        ModelBook b = twoCameras();
        assertThat(b.failed(OTHER).status()).isEqualTo(ModelStatus.FAILED);
        assertThatThrownBy(() -> b.apply(ModelCommand.shadow("faces:7", "det:1", List.of()), 1)).hasMessageContaining("failed to load");
        assertThatThrownBy(() -> b.apply(ModelCommand.assign("door", List.of("faces:7"), null), 1)).hasMessageContaining("failed to load");
        // Fixed and added again, it is usable.
        assertThat(b.apply(ModelCommand.add(OTHER), 2)).extracting(ModelBook.Change::status).containsExactly(ModelStatus.AVAILABLE);
        b.apply(ModelCommand.assign("door", List.of("det:1", "faces:7"), List.of()), 3);
        assertThat(plan(b, "door")).containsExactly("det:1/ACTIVE", "faces:7/ACTIVE");
        assertThat(b.plan("door").get(0).labels()).isEmpty();
    }

    @Test
    void withoutACamerasFileEveryCameraRunsTheDefaultUntilToldOtherwise() {
        ModelBook b = new ModelBook(List.of(V1), Map.of(ModelBook.ANY_CAMERA, List.of("det:1")), Map.of());
        b.apply(ModelCommand.add(V2), 1);
        b.apply(ModelCommand.shadow("det:2", "det:1", List.of("cam-7")), 2);
        assertThat(plan(b, "cam-7")).containsExactly("det:1/ACTIVE", "det:2/SHADOW~det:1");
        assertThat(plan(b, "cam-8")).containsExactly("det:1/ACTIVE");
        assertThatThrownBy(() -> b.apply(ModelCommand.retire("det:1"), 3)).hasMessageContaining("runs only det:1");
        b.apply(ModelCommand.retire("det:2"), 3);
        assertThat(plan(b, "cam-7")).containsExactly("det:1/ACTIVE");
        assertThat(b.model("det:2").status).isEqualTo(ModelStatus.RETIRED);
    }

    @Test
    void theSameCommandsGiveTheSameBook() {
        List<ModelCommand> cmds = List.of(ModelCommand.add(V2), ModelCommand.shadow("det:2", "det:1", List.of()), ModelCommand.promote("det:2"));
        ModelBook a = twoCameras(), b = twoCameras();
        for (ModelCommand c : cmds) {
            a.apply(c, 5);
            b.apply(ModelCommand.parse(c.toJson()), 5); // through the topic's JSON
        }
        assertThat(plan(a, "door")).isEqualTo(plan(b, "door")).containsExactly("det:2/ACTIVE");
    }
}
