package io.argus.models;

import java.io.Serializable;
import java.util.List;

/**
 * Which model a frame goes to and what for, set on each copy of a frame by the job's model router.
 * A Flink POJO (a record).
 *
 * @param comparedWith for a shadow, the id of the active model it is compared with; else null
 * @param copy this copy's place among the frame's copies (0: the first active model)
 * @param copies how many copies of the frame there are (its active models and shadows)
 * @param labels labels the camera keeps; empty keeps all
 * @param last the model no longer runs on this camera: a progress marker that closes what it had open
 * @param shadowed the frame has shadow copies (its results are compared)
 */
public record ModelUse(ModelDefinition model, ModelRole role, String comparedWith, int copy, int copies, List<String> labels, boolean last, boolean shadowed)
        implements Serializable {

    public ModelUse {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Not a frame's copy: the word that the model will be used soon, so it loads before its first frame. */
    public static ModelUse preload(ModelDefinition model) {
        return new ModelUse(model, ModelRole.ACTIVE, null, 0, 0, List.of(), false, false);
    }

    /** The last progress marker of an active model leaving a camera. */
    public static ModelUse last(ModelDefinition model) {
        return new ModelUse(model, ModelRole.ACTIVE, null, 0, 1, List.of(), true, false);
    }

    public boolean preload() {
        return copies == 0;
    }

    public String modelId() {
        return model.id();
    }

    public boolean shadow() {
        return role == ModelRole.SHADOW;
    }
}
